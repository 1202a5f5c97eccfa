import datetime

import factory
from factory.django import DjangoModelFactory

from measures.models import DataPoint, FocusArea, GroupPoint, Measure, PupilGroup
from playbook.models import Membership, Network, Notification, Team, User

PASSWORD = "correct-horse-battery"


class NetworkFactory(DjangoModelFactory):
    class Meta:
        model = Network
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Network {n}")
    slug = factory.Sequence(lambda n: f"network-{n}")
    time_zone = "Europe/London"


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team

    network = factory.SubFactory(NetworkFactory)
    name = factory.Sequence(lambda n: f"Team {n}")
    slug = factory.Sequence(lambda n: f"team-{n}")
    kind = Team.Kind.TEAM
    parent = None


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    network = factory.SubFactory(NetworkFactory)
    password = factory.django.Password(PASSWORD)


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    team = factory.SubFactory(TeamFactory)
    role = Membership.Role.MEMBER


class NotificationFactory(DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    subject = factory.Sequence(lambda n: f"Notification {n}")


class FocusAreaFactory(DjangoModelFactory):
    class Meta:
        model = FocusArea

    team = factory.SubFactory(TeamFactory)
    title = factory.Sequence(lambda n: f"Focus area {n}")
    problem = "Too few pupils read fluently by the end of Year 2."
    aim_what = "Raise the share of Year 2 pupils reading fluently"
    aim_how_much = "from 58% to 75%"
    aim_by_when = datetime.date(2027, 7, 16)
    owner = factory.SubFactory(UserFactory, network=factory.SelfAttribute("..team.network"))
    status = FocusArea.Status.ACTIVE


class MeasureFactory(DjangoModelFactory):
    class Meta:
        model = Measure

    focus_area = factory.SubFactory(FocusAreaFactory)
    name = factory.Sequence(lambda n: f"Measure {n}")
    kind = Measure.Kind.OUTCOME
    definition = "Pupils reading 90+ words a minute on the termly probe, as a share of those assessed."
    data_kind = Measure.DataKind.CONTINUOUS
    direction = Measure.Direction.UP


class DataPointFactory(DjangoModelFactory):
    class Meta:
        model = DataPoint

    measure = factory.SubFactory(MeasureFactory)
    # Weekly, but within the dates Playbook takes (playbook.dates): a long run of tests must not count
    # its way past two years from today. 300 weeks apart before a period comes round again.
    period = factory.Sequence(lambda n: datetime.date(2020, 1, 6) + datetime.timedelta(weeks=n % 300))
    value = 10.0


class PupilGroupFactory(DjangoModelFactory):
    class Meta:
        model = PupilGroup

    network = factory.SubFactory(NetworkFactory)
    dimension = "Free school meals"
    name = factory.Sequence(lambda n: f"Group {n}")
    position = factory.Sequence(lambda n: n)


class GroupPointFactory(DjangoModelFactory):
    class Meta:
        model = GroupPoint

    measure = factory.SubFactory(MeasureFactory)
    group = factory.SubFactory(
        PupilGroupFactory, network=factory.SelfAttribute("..measure.focus_area.team.network")
    )
    period = datetime.date(2026, 3, 2)
    value = 10.0
    pupils = 20
