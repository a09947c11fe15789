"""Open credentials (#33, first part): each certificate is also an Open Badges 3.0
``OpenBadgeCredential``, signed as a VC-JWT, that a verifier checks with its own JOSE
library (PyJWT here; joserfc signs) against the published JWKS only; revocation is a
bit in a published status list; a rotated key keeps old credentials verifiable."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from jwt import PyJWKSet, decode, get_unverified_header
from jwt.exceptions import InvalidTokenError

from wagtail_skilldonation.certificates import issue, revoke
from wagtail_skilldonation.certificates import status_list as status
from wagtail_skilldonation.certificates.links import verification_url
from wagtail_skilldonation.models import Certificate
from wagtail_skilldonation.volunteers.retention import forget

pytestmark = pytest.mark.django_db


def published_keys(client):
    response = client.get(reverse("wagtail_skilldonation:issuer_jwks"))
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    return response.json()


def verify(token, jwks):
    """What a verifier does, knowing only the JWKS: the key named by ``kid``."""
    kid = get_unverified_header(token)["kid"]
    (key,) = [k for k in PyJWKSet.from_dict(jwks).keys if k.key_id == kid]
    return decode(token, key=key.key, algorithms=["EdDSA"], options={"require": ["iss", "nbf", "jti"]})


def fetch(client, certificate):
    response = client.get(reverse("wagtail_skilldonation:certificate_credential", args=[certificate.code]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/jwt")
    return response.content.decode()


def revoked_bit(client, payload):
    entry = payload["credentialStatus"]
    assert entry["type"] == "BitstringStatusListEntry"
    assert entry["statusPurpose"] == "revocation"
    listed = client.get(entry["statusListCredential"].replace("http://testserver", ""))
    assert listed.status_code == 200
    status_credential = verify(listed.content.decode(), published_keys(client))
    assert status_credential["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    data = status.decode(status_credential["credentialSubject"]["encodedList"])
    assert len(data) * 8 >= 131072  # the specification's minimum: nothing said of one holder by its size
    return status.is_set(data, int(entry["statusListIndex"]))


def test_an_issued_credential_verifies_against_the_published_keys_only_and_a_changed_one_does_not(client, completed):
    certificate = issue(completed, notify=False)
    token = fetch(client, certificate)
    assert token == Certificate.objects.get(pk=certificate.pk).credential  # as issued, kept
    payload = verify(token, published_keys(client))
    assert payload["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert payload["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert payload["id"] == payload["jti"] == verification_url(certificate)
    assert payload["iss"] == payload["issuer"]["id"]
    assert payload["issuer"]["type"] == ["Profile"]
    achievement = payload["credentialSubject"]["achievement"]
    assert achievement["name"] == certificate.mission_title
    assert achievement["type"] == ["Achievement"]
    assert achievement["criteria"]["narrative"]
    names = [i for i in payload["credentialSubject"]["identifier"] if i["identityType"] == "name"]
    assert names[0]["identityHash"] == "Léa B"
    email = [i for i in payload["credentialSubject"]["identifier"] if i["identityType"] == "emailAddress"][0]
    assert email["hashed"] is True
    assert "lea@example.org" not in str(payload)  # hashed with a salt, never in clear
    # One character changed in the payload: the signature no longer holds.
    head, body, signature = token.split(".")
    changed = body[:40] + ("A" if body[40] != "A" else "B") + body[41:]
    with pytest.raises(InvalidTokenError):
        verify(f"{head}.{changed}.{signature}", published_keys(client))
    assert revoked_bit(client, payload) is False


def test_revoking_sets_the_bit_and_reissuing_revokes_the_old_credential(client, completed):
    first = issue(completed, notify=False)
    first_payload = verify(fetch(client, first), published_keys(client))
    revoke(first, "Erreur de saisie")
    assert revoked_bit(client, first_payload) is True
    second = issue(completed, notify=False)  # after a correction
    second_payload = verify(fetch(client, second), published_keys(client))
    assert second_payload["jti"] != first_payload["jti"]
    assert revoked_bit(client, second_payload) is False
    third = issue(completed, notify=False)  # re-issuing revokes the live one
    assert revoked_bit(client, second_payload) is True
    assert revoked_bit(client, verify(fetch(client, third), published_keys(client))) is False


def test_a_rotated_key_signs_new_credentials_and_the_old_still_verify(client, completed):
    call_command("skilldonation_setup", stdout=open("/dev/null", "w"))
    old = fetch(client, issue(completed, notify=False))
    call_command("skilldonation_setup", "--new-credential-key", stdout=open("/dev/null", "w"))
    new = fetch(client, issue(completed, notify=False))
    assert get_unverified_header(old)["kid"] != get_unverified_header(new)["kid"]
    jwks = published_keys(client)
    assert verify(old, jwks)
    assert verify(new, jwks)
    assert all("d" not in key for key in jwks["keys"])  # public keys only


def test_after_an_erasure_the_credential_names_nobody(client, completed):
    certificate = issue(completed, notify=False)
    forget(completed.volunteer)
    assert Certificate.objects.get(pk=certificate.pk).credential == ""  # the signed copy named them: gone
    token = fetch(client, certificate)
    payload = verify(token, published_keys(client))
    assert "identifier" not in payload["credentialSubject"]
    assert "Léa" not in str(payload)
    assert payload["credentialSubject"]["achievement"]["name"] == certificate.mission_title
    unknown = client.get(reverse("wagtail_skilldonation:certificate_credential", args=["ABCD-EFGH-JKMN-PQRS"]))
    assert unknown.status_code == 404


def test_the_holder_takes_it_from_their_space_and_adds_it_to_linkedin(client, completed):
    from urllib.parse import parse_qs, urlsplit

    from bs4 import BeautifulSoup

    from wagtail_skilldonation.models import VolunteerAccess
    from wagtail_skilldonation.volunteers import access

    certificate = issue(completed, notify=False)
    session = VolunteerAccess.objects.create(volunteer=completed.volunteer)
    access.use(session)
    client.cookies[access.COOKIE_NAME] = access.cookie_value(session)
    page = client.get(
        reverse("wagtail_skilldonation:space_application", args=[completed.pk]), HTTP_ACCEPT_LANGUAGE="fr"
    )
    links = {a.get_text(strip=True): a["href"] for a in BeautifulSoup(page.content, "html.parser").find_all("a")}
    jwt_link = links["la télécharger (.jwt)"].replace("http://testserver", "")
    downloaded = client.get(jwt_link)
    assert downloaded["Content-Disposition"] == f'attachment; filename="credential-{certificate.code}.jwt"'
    assert verify(downloaded.content.decode(), published_keys(client))["jti"] == verification_url(certificate)
    readable = client.get(links["lisible (.json)"].replace("http://testserver", ""))
    assert readable.json()["credentialSubject"]["achievement"]["name"] == certificate.mission_title
    linkedin = urlsplit(links["L’ajouter à mon profil LinkedIn"])
    assert (linkedin.netloc, linkedin.path) == ("www.linkedin.com", "/profile/add")
    asked = {key: values[0] for key, values in parse_qs(linkedin.query).items()}
    assert asked["startTask"] == "CERTIFICATION_NAME"
    assert asked["name"] == certificate.mission_title
    assert asked["certId"] == certificate.code
    assert asked["certUrl"] == verification_url(certificate)
    assert asked["issueYear"] == str(certificate.issued_at.year)
    # The verification page names the credential and its status.
    checked = BeautifulSoup(
        client.get(reverse("wagtail_skilldonation:certificate_verify", args=[certificate.code])).content, "html.parser"
    )
    assert checked.find("a", href=reverse("wagtail_skilldonation:certificate_credential", args=[certificate.code]))


def test_the_passport_is_off_until_turned_on_and_shows_only_what_was_chosen(client, completed, make_mission):
    from bs4 import BeautifulSoup

    from tests.factories import ApplicationFactory
    from wagtail_skilldonation.models import VolunteerAccess
    from wagtail_skilldonation.volunteers import access
    from wagtail_skilldonation.volunteers.retention import forget

    volunteer = completed.volunteer
    volunteer.phone, volunteer.city = "06 11 22 33 44", "Montreuil"
    volunteer.save()
    shown = issue(completed, notify=False)
    other = ApplicationFactory(
        mission=make_mission(title="Atelier vélo"), volunteer=volunteer, status="completed", hours=2
    )
    hidden = issue(other, notify=False)
    assert client.get("/portal/passport/nothing-here/").status_code == 404
    session = VolunteerAccess.objects.create(volunteer=volunteer)
    access.use(session)
    client.cookies[access.COOKIE_NAME] = access.cookie_value(session)
    url = reverse("wagtail_skilldonation:space_passport")
    form = BeautifulSoup(client.get(url).content, "html.parser")
    assert {i["value"] for i in form.select("input[name=certificates]")} == {str(shown.pk), str(hidden.pk)}
    volunteer.refresh_from_db()
    assert volunteer.passport_key == ""  # off by default
    assert client.post(url, {"public": "on", "certificates": [shown.pk]}).status_code == 302
    volunteer.refresh_from_db()
    passport = client.get(f"/portal/passport/{volunteer.passport_key}/")
    assert passport.status_code == 200
    assert passport["X-Robots-Tag"] == "noindex"
    page = BeautifulSoup(passport.content, "html.parser")
    text = page.get_text(" ", strip=True)
    assert shown.mission_title in text
    assert "Atelier vélo" not in text  # not ticked
    for private in ("lea@example.org", "06 11 22 33 44", "Montreuil"):
        assert private not in passport.content.decode()
    assert page.find("a", href=reverse("wagtail_skilldonation:certificate_verify", args=[shown.code]))
    revoke(shown, "Erreur")
    assert (
        shown.mission_title
        not in BeautifulSoup(
            client.get(f"/portal/passport/{volunteer.passport_key}/").content, "html.parser"
        ).get_text()
    )
    old_key = volunteer.passport_key
    client.post(url, {})  # turned off: its address dies
    assert client.get(f"/portal/passport/{old_key}/").status_code == 404
    client.post(url, {"public": "on", "certificates": [hidden.pk]})
    volunteer.refresh_from_db()
    assert volunteer.passport_key not in ("", old_key)
    forget(volunteer)
    volunteer.refresh_from_db()
    assert (volunteer.passport_key, volunteer.passport_codes) == ("", [])
