"""What a wallet or an applicant system reads in our open credentials (#33): the shape
Open Badges 3.0 gives an ``OpenBadgeCredential`` (a JSON schema written from its data
model, in ``schemas/``) and the status list's, and every member a term of the contexts
the credential names, which the package ships (read here without any network)."""

import base64
import copy
import json
from pathlib import Path

import pytest
from django.urls import reverse
from jsonschema import Draft202012Validator
from pyld import jsonld as pyld
from wagtail.models import Site

from wagtail_skilldonation.certificates import issue
from wagtail_skilldonation.certificates import jsonld as shipped
from wagtail_skilldonation.models import PortalSettings
from wagtail_skilldonation.volunteers.retention import forget

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).with_name("schemas")
JWT_CLAIMS = ("iss", "nbf", "jti")  # the VC-JWT's registered claims beside the credential
# A member no context defines is dropped silently when read as JSON-LD; under this
# vocabulary (as VC libraries' "undefined terms" check does) it shows instead.
UNDEFINED = "https://www.w3.org/ns/credentials/undefined-term#"


def validator(name):
    schema = json.loads((SCHEMAS / name).read_text("utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


CREDENTIAL = validator("ob_v3p0_achievementcredential.schema.json")
STATUS_LIST = validator("bitstring_status_list_credential.schema.json")


def payload_of(token):
    return json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=="))


def problems(schema, document):
    return sorted(f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in schema.iter_errors(document))


@pytest.fixture
def credential(client, completed):
    portal = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    portal.association_name, portal.rna, portal.siret = "Savoir partagé", "W751271238", "92414635000013"
    portal.address = "59 Rue de Bretagne\n75003 Paris"
    portal.save()
    certificate = issue(completed, notify=False)
    url = reverse("wagtail_skilldonation:certificate_credential", args=[certificate.code])
    return certificate, payload_of(client.get(url).content.decode())


def test_an_issued_credential_has_the_shape_open_badges_3_gives_it(credential):
    certificate, payload = credential
    assert problems(CREDENTIAL, payload) == []
    assert payload["issuer"]["otherIdentifier"][0]["identifier"] == "W751271238"
    assert payload["credentialSubject"]["achievement"]["achievementType"] == "CommunityService"
    # The schema is not a formality: what the specification forbids, it refuses.
    for breaks in (
        lambda c: c.pop("validFrom"),
        lambda c: c.update(type=["VerifiableCredential"]),
        lambda c: c["@context"].reverse(),
        lambda c: c["credentialSubject"]["achievement"].pop("criteria"),
        lambda c: c["credentialSubject"]["identifier"][0].update(identityType="email"),
        lambda c: c["credentialSubject"]["identifier"][0].update(identityHash="lea@example.org"),
        lambda c: c["credentialStatus"].update(statusListIndex=7),
        lambda c: c["issuer"]["otherIdentifier"][0].pop("identifierType"),
    ):
        changed = copy.deepcopy(payload)
        breaks(changed)
        assert problems(CREDENTIAL, changed), breaks


def test_the_withheld_credential_and_the_status_list_keep_their_shapes(client, credential):
    certificate, payload = credential
    forget(certificate.application.volunteer)
    url = reverse("wagtail_skilldonation:certificate_credential", args=[certificate.code])
    withheld = payload_of(client.get(url).content.decode())
    assert "identifier" not in withheld["credentialSubject"]
    assert problems(CREDENTIAL, withheld) == []
    listed = client.get(payload["credentialStatus"]["statusListCredential"].replace("http://testserver", ""))
    status_credential = payload_of(listed.content.decode())
    assert problems(STATUS_LIST, status_credential) == []
    status_credential["credentialSubject"]["encodedList"] = "H4sI+/="  # not multibase base64url
    assert problems(STATUS_LIST, status_credential)


def expanded_terms(document):
    """Every property and type the document expands to, read as JSON-LD with the
    shipped contexts only (the loader refuses any other URL: no network)."""
    document = {**document, "@context": [*document["@context"], {"@vocab": UNDEFINED}]}
    asked = []

    def loader(url, options=None):
        asked.append(url)
        return shipped.document_loader(url, options)

    terms = set()

    def walk(node):
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for key, value in node.items():
                if not key.startswith("@"):
                    terms.add(key)
                if key == "@type":
                    terms.update(value if isinstance(value, list) else [value])
                walk(value)

    walk(pyld.expand(document, {"documentLoader": loader}))
    assert set(asked) <= set(shipped.FILES)
    return terms


def test_every_member_of_the_credential_is_a_term_of_the_contexts_it_names(credential):
    _certificate, payload = credential
    document = {key: value for key, value in payload.items() if key not in JWT_CLAIMS}
    terms = expanded_terms(document)
    assert "https://purl.imsglobal.org/spec/vc/ob/vocab.html#AchievementSubject" in terms
    assert "https://www.w3.org/ns/credentials/status#BitstringStatusListEntry" in terms
    assert sorted(t for t in terms if t.startswith(UNDEFINED)) == []
    # A member no context defines would show: a misspelt one is caught.
    document["credentialSubject"]["activityStartdate"] = document["credentialSubject"].pop("activityStartDate")
    assert sorted(t for t in expanded_terms(document) if t.startswith(UNDEFINED)) == [UNDEFINED + "activityStartdate"]


def test_the_shipped_contexts_are_what_the_credential_names_and_nothing_is_fetched():
    assert set(shipped.FILES) == {shipped.VC_V2, shipped.OB_V3}
    for url in shipped.FILES:
        assert "@context" in shipped.context(url)
    with pytest.raises(LookupError):
        shipped.document_loader("https://example.org/context.json")
