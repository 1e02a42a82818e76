from django.urls import path
from django.views.generic import TemplateView

app_name = "articles"

# The public site (the public-site issue fills these in).
urlpatterns = [
    path("", TemplateView.as_view(template_name="articles/index.html"), name="index"),
    path("<slug:slug>/", TemplateView.as_view(template_name="articles/index.html"), name="detail"),
]
