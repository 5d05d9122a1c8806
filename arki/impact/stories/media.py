"""Checks and clean-up of the files reporters upload: what a photo or audio clip must be.

Every refusal is a `ValidationError` with a message saying what is wrong and what is
accepted, raised before anything is stored. The core's size rule (`upload_too_large`,
`ARKI_UPLOAD_MAX_BYTES`) is the outer limit; photos have a smaller one of their own.

Photos are decoded and saved again by Pillow, which drops their metadata: a phone photo's
EXIF holds the place it was taken (GPS), the time and the phone, none of which should reach
the public site (the core does not strip metadata anywhere, so this does). The orientation is
applied to the pixels first, so the photo stays the right way up. Audio clips are recognised
by their first bytes; their tags are not rewritten (no audio library in the project), which
is why the reporter's guidance asks them to record with the phone's plain recorder.
"""

from __future__ import annotations

import io
import os

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from arki.core.uploads import upload_too_large

from .enums import MediaKind

PHOTO_MAX_BYTES = 10 * 1024 * 1024
#: Pillow format -> (content type, file extension).
PHOTO_FORMATS = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
}
#: A decompression bomb (a tiny file that unpacks to gigabytes) is refused by its size.
PHOTO_MAX_PIXELS = 40_000_000


def _audio_type(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) of an audio file recognised by its first bytes."""
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "audio/mpeg", "mp3"
    if head[4:8] == b"ftyp":
        return "audio/mp4", "m4a"
    if head.startswith(b"OggS"):
        return "audio/ogg", "ogg"
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return "audio/wav", "wav"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "audio/webm", "webm"
    return None


def _base_name(upload: UploadedFile, extension: str) -> str:
    stem = os.path.splitext(os.path.basename(upload.name or ""))[0] or "file"
    return f"{stem[:60]}.{extension}"


def clean_photo(upload: UploadedFile) -> tuple[ContentFile, str]:
    """The photo re-encoded without metadata, and its content type; or a clear refusal."""
    too_large = upload_too_large(upload)
    if too_large or (upload.size or 0) > PHOTO_MAX_BYTES:
        raise ValidationError(
            _("The photo is too large: at most %(mb)d MB.") % {"mb": PHOTO_MAX_BYTES // 2**20}
        )
    refused = _("The file is not a photo. Photos are accepted as JPEG, PNG or WebP.")
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            image_format = probe.format or ""
            width, height = probe.size
            probe.verify()
        if image_format not in PHOTO_FORMATS:
            raise ValidationError(refused)
        if width * height > PHOTO_MAX_PIXELS:
            raise ValidationError(_("The photo has too many pixels: make it smaller first."))
        upload.seek(0)
        with Image.open(upload) as image:
            upright = ImageOps.exif_transpose(image)
            # A new image from the pixels alone: EXIF, XMP, ICC and text chunks stay behind.
            if upright.mode not in ("RGB", "RGBA", "L", "LA"):
                upright = upright.convert("RGBA")
            if image_format == "JPEG" and upright.mode not in ("RGB", "L"):
                upright = upright.convert("RGB")
            clean = Image.frombytes(upright.mode, upright.size, upright.tobytes())
            out = io.BytesIO()
            clean.save(
                out, format=image_format, **({"quality": 88} if image_format != "PNG" else {})
            )
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
    ) as error:
        raise ValidationError(refused) from error
    finally:
        upload.seek(0)
    content_type, extension = PHOTO_FORMATS[image_format]
    return ContentFile(out.getvalue(), name=_base_name(upload, extension)), content_type


def clean_audio(upload: UploadedFile) -> tuple[UploadedFile, str]:
    """The audio clip as it is, and its content type; or a clear refusal."""
    too_large = upload_too_large(upload)
    if too_large:
        raise ValidationError(too_large)
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    found = _audio_type(head)
    if found is None:
        raise ValidationError(
            _("The file is not an audio clip. Audio is accepted as MP3, M4A, Ogg, WAV or WebM.")
        )
    content_type, extension = found
    upload.name = _base_name(upload, extension)
    return upload, content_type


def clean_media(kind: str, upload: UploadedFile | None) -> tuple[UploadedFile | ContentFile, str]:
    if upload is None or not upload.size:
        raise ValidationError(_("Choose a file to add."))
    if kind == MediaKind.PHOTO:
        return clean_photo(upload)
    if kind == MediaKind.AUDIO:
        return clean_audio(upload)
    raise ValidationError(_("Choose whether the file is a photo or an audio clip."))
