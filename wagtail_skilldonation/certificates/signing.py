"""Optional PAdES signature of certificates with pyHanko (``pip install pyhanko``).

Configure ``WAGTAIL_SKILLDONATION["CERTIFICATE_SIGNING"] = {"PKCS12": path,
"PASSPHRASE": "…"}``; a PDF reader then shows who signed and that nothing changed.
"""

import functools
from io import BytesIO

from ..conf import get_setting


@functools.cache
def _signer(path, passphrase):
    # pyHanko is optional (the ``signing`` extra): imported only when signing is on.
    from pyhanko.sign import signers

    return signers.SimpleSigner.load_pkcs12(path, passphrase=passphrase.encode() if passphrase else None)


def sign_pdf(pdf):
    config = get_setting("CERTIFICATE_SIGNING")
    if not config:
        return pdf
    # Optional dependency, as above.
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    signer = _signer(config["PKCS12"], config.get("PASSPHRASE", ""))
    out = signers.sign_pdf(
        IncrementalPdfFileWriter(BytesIO(pdf)),
        signers.PdfSignatureMetadata(field_name="Signature", reason=config.get("REASON", "")),
        signer=signer,
    )
    return out.getvalue()
