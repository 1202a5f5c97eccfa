FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app

# Dependencies first, so a code change does not reinstall them.
COPY pyproject.toml README.md ./
RUN mkdir -p config demo playbook measures spc theory cycles andon huddles \
    && for package in config demo playbook measures spc theory cycles andon huddles; do touch "$package/__init__.py"; done \
    && pip install --no-cache-dir . \
    && pip uninstall -y playbook

COPY . .
RUN pip install --no-cache-dir --no-deps -e . \
    && DEBUG=false SECRET_KEY=collectstatic-only DATABASE_URL=sqlite:////tmp/build.sqlite3 \
       python manage.py collectstatic --noinput -v 0 \
    && useradd --create-home --uid 1000 playbook \
    && mkdir -p /app/var && chown -R playbook /app/var

USER playbook
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
