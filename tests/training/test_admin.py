"""Changes made in the back office are in the audit trail, a delegate's against its list."""

from django.urls import reverse

from tests.training.conftest import make_list, row
from training.models import Delegate, ListStatus
from tuachua.models import AuditEntry


def test_deleting_a_delegate_in_the_admin_is_logged_against_its_list(training_world, login):
    tw = training_world
    reg_list = make_list(tw.class1, tw.a1, [row("Vừ A Hùng"), row("Lầu Thị Mai")], status=ListStatus.DRAFT)
    delegate = Delegate.objects.get(reg_list=reg_list, full_name="Lầu Thị Mai")
    response = login(tw.users.admin).post(
        reverse("admin:training_delegate_delete", args=[delegate.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="admin_delete")
    assert (entry.object_type, entry.object_id) == ("training.registrationlist", str(reg_list.pk))
    assert entry.data["object"] == "Lầu Thị Mai"
    assert not Delegate.objects.filter(pk=delegate.pk).exists()
