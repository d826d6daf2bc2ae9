"""The history of a registration list as people read it: who, when, what changed."""

from django.utils.translation import gettext as _

from tuachua.audit import history_of


def _names(names: list[str], limit: int = 5) -> str:
    shown = ", ".join(names[:limit])
    return shown + (_(" và %(n)s người khác") % {"n": len(names) - limit} if len(names) > limit else "")


def describe(entry) -> str:
    """One audit entry of a list in words."""
    data = entry.data or {}
    action = entry.action
    if action == "list_save":
        parts = [_("Lưu danh sách: %(n)s đại biểu") % {"n": data.get("rows", 0)}]
        if data.get("added"):
            parts.append(_("thêm %(names)s") % {"names": _names(data["added"])})
        if data.get("removed"):
            parts.append(_("bớt %(names)s") % {"names": _names(data["removed"])})
        changed = data.get("changed")
        if changed:  # a count in older entries, the changed delegates with their fields since
            parts.append(_("sửa %(n)s dòng") % {"n": len(changed) if isinstance(changed, list) else changed})
        text = "; ".join(parts)
        return text + (_(" (Phòng LĐTBXH sửa thay đơn vị)") if data.get("on_behalf") else "")
    if action == "list_submit":
        return _("Gửi danh sách (%(n)s đại biểu)") % {"n": data.get("rows", 0)}
    if action == "list_return":
        return _("Trả lại để sửa: %(comment)s") % {"comment": data.get("comment", "")}
    if action == "list_approve":
        return _("Duyệt; %(n)s đại biểu được xếp lớp") % {"n": data.get("delegates", 0)}
    if action == "list_reopen":
        return _("Mở lại cho đơn vị sửa, gửi")
    if action.startswith("admin_"):
        verb = {"admin_add": _("Thêm mới"), "admin_change": _("Sửa"), "admin_delete": _("Xóa")}[action]
        return _("%(verb)s trong trang quản trị: %(object)s") % {"verb": verb, "object": data.get("object", "")}
    return action


def list_history(reg_list) -> list[tuple[object, str]]:
    return [(entry, describe(entry)) for entry in history_of(reg_list)]
