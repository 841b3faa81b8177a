from django.contrib import admin

from .models import Course, Session


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ("code", "is_active")


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ("course", "starts_at", "capacity", "teacher", "cancelled_at")
    list_filter = ("course",)
