"""Two lists of routes, mounted by config/urls.py: a course's pages under /courses/ (the `courses` namespace), and
a resident's own entries under /account/enrolments/ (the `enrolments` namespace)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.course_list, name="list"),
    path("<slug:slug>/", views.course_detail, name="detail"),
    path("<slug:slug>/enrol/", views.enrol, name="enrol"),
]

enrolment_urlpatterns = [
    path("<int:pk>/accept/", views.offer_accept, name="accept"),
    path("<int:pk>/cancel/", views.enrolment_cancel, name="cancel"),
]
