from rest_framework.pagination import PageNumberPagination


class PagePagination(PageNumberPagination):
    """``?page=2&page_size=100``; the default size is ``PAGE_SIZE`` in settings."""

    page_size_query_param = "page_size"
    max_page_size = 200
