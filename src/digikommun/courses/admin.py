from django.contrib import admin, messages
from django.utils.translation import ngettext

from .models import Course, Session


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ("code", "is_active")


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ("course", "starts_at", "capacity", "teacher", "cancelled_at")
    list_filter = ("course",)

    def save_model(self, request, obj, form, change) -> None:
        """A changed time goes through the service, which moves the reminders with it."""
        if not (change and {"starts_at", "ends_at"} & set(form.changed_data)):
            super().save_model(request, obj, form, change)
            return
        from .services import session_reschedule

        starts_at, ends_at = obj.starts_at, obj.ends_at
        stored = Session.objects.get(pk=obj.pk)
        obj.starts_at, obj.ends_at = stored.starts_at, stored.ends_at
        super().save_model(request, obj, form, change)  # the other fields
        untold = session_reschedule(session_id=obj.pk, starts_at=starts_at, ends_at=ends_at)
        obj.starts_at, obj.ends_at = starts_at, ends_at
        if untold:  # no email: staff phone or text them
            who = ", ".join(f"{b.name} ({b.phone or '–'})" for b in untold)
            self.message_user(
                request,
                ngettext(
                    "%(count)s person with a place or in the waiting list gave no email and "
                    "was not told of the new time; phone or text them: %(who)s",
                    "%(count)s people with a place or in the waiting list gave no email and "
                    "were not told of the new time; phone or text them: %(who)s",
                    len(untold),
                )
                % {"count": len(untold), "who": who},
                level=messages.WARNING,
            )
