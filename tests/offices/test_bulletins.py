import pytest
from django.core.exceptions import ValidationError

from editorial.offices.models import Bulletin, Office

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("taken", ["search", "issues", "admin", "tags", "submissions", "feed"])
def test_a_bulletin_cannot_take_an_address_of_the_site_itself(taken):
    office = Office.objects.create(name="常熟市总工会办公室")
    bulletin = Bulletin(
        office=office, name="常熟工会工作简报", slug=taken, publisher="常熟市总工会"
    )
    with pytest.raises(ValidationError) as refused:
        bulletin.full_clean()
    assert "slug" in refused.value.message_dict


def test_a_bulletin_takes_an_address_of_its_own():
    office = Office.objects.create(name="常熟市总工会办公室")
    bulletin = Bulletin(
        office=office, name="常熟工会工作简报", slug="changshu", publisher="常熟市总工会"
    )
    bulletin.full_clean()


def test_an_office_cannot_be_above_itself():
    city = Office.objects.create(name="苏州市总工会办公室")
    county = Office.objects.create(name="常熟市总工会办公室", parent=city)
    city.parent = county
    with pytest.raises(ValidationError):
        city.full_clean()
    assert county.ancestors() == [city]
