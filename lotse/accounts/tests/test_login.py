import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_it_logs_a_mentor_in_with_the_right_password(client, alice):
    response = client.post(
        reverse("accounts:login"),
        {"username": "alice", "password": "correct horse battery staple"},
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)


@pytest.mark.django_db
def test_it_refuses_a_wrong_password_with_a_message_at_the_form(client, alice):
    response = client.post(reverse("accounts:login"), {"username": "alice", "password": "wrong"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert 'role="alert"' in response.content.decode()


@pytest.mark.django_db
def test_home_sends_anonymous_users_to_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
