"""Test helpers: submit an admin form as the browser would, read the messages shown."""

from django.contrib.messages import get_messages
from django.urls import reverse


def _value(bound):
    value = bound.value()
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    if bound.field.__class__.__name__ == "BooleanField":
        return "on" if value else ""
    return str(value)


def _add_form(data, form):
    for name in form.fields:
        bound = form[name]
        value = _value(bound)
        if value == "" and bound.field.__class__.__name__ == "BooleanField":
            continue
        data[bound.html_name] = value
        if bound.field.show_hidden_initial:  # as the browser posts it back
            data[bound.html_initial_name] = value


def admin_form_data(response) -> dict:
    """The POST data of the admin change form on ``response``, as loaded."""
    data = {}
    _add_form(data, response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        _add_form(data, formset.management_form)
        for form in formset.forms:
            _add_form(data, form)
    return data


def shown_messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def save_article(client, article, **changes):
    """Save ``article`` through its admin change form, as an editor would."""
    url = reverse("admin:editorial_article_change", args=[article.pk])
    data = admin_form_data(client.get(url))
    data.update(changes)
    assert client.post(url, data).status_code == 302
