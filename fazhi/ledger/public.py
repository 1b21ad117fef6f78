"""The record types whose ledger entries the public may see, with their proofs.

A module registers a type when its records are published (a normative document, a disclosed
enforcement decision, a published reconsideration decision…), with a predicate saying whether
one record is published yet:

    from fazhi.ledger.public import register_public_type

    register_public_type(NormativeDocument, is_published=lambda doc: doc.state == "published")

Registering a type declares that the full content of its entries — names of the officials who
acted, their opinions, the changed fields — may be published. A module whose entries carry the
personal data of parties must not register, or must record that data outside its entries.

The registry is empty by default: the portal's proof link answers 404 for every other type, and
for a registered type's records that are not published.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models


@dataclass(frozen=True)
class PublicType:
    label: str  # "app_label.model", as entries name their record_type
    model: type[models.Model]
    is_published: Callable[[models.Model], bool]


# record_type label → PublicType
ledger_public_types: dict[str, PublicType] = {}


def type_label(model: type[models.Model] | models.Model) -> str:
    meta = model._meta
    return f"{meta.app_label}.{meta.model_name}"


def register_public_type(
    model: type[models.Model] | str,
    *,
    is_published: Callable[[models.Model], bool] | None = None,
) -> PublicType:
    """Publish the ledger entries of `model` (a model class or "app_label.Model") for the
    records that `is_published` accepts (default: every record). Registering a type twice with
    another predicate replaces it."""
    if isinstance(model, str):
        model = apps.get_model(model)
    public = PublicType(type_label(model), model, is_published or (lambda record: True))
    ledger_public_types[public.label] = public
    return public


def unregister_public_type(model: type[models.Model] | str) -> None:
    label = model.lower() if isinstance(model, str) else type_label(model)
    ledger_public_types.pop(label, None)


def proof_path(record: models.Model) -> str:
    """The portal path of a record's proofs (/transparency/proof/<type>/<pk>/), for the public
    page that shows the record to link to ("核验")."""
    return f"/transparency/proof/{type_label(record)}/{record.pk}/"


def is_public_type(label: str) -> bool:
    return label.lower() in ledger_public_types


def published_record(label: str, pk: str) -> models.Model:
    """The published record `label`/`pk`; LookupError when the type is not registered, the
    record does not exist or is not published (the portal answers all three alike: 404)."""
    public = ledger_public_types.get(label.lower())
    if public is None:
        raise LookupError(label)
    try:
        record = public.model._default_manager.get(pk=pk)
    except (public.model.DoesNotExist, ValueError, TypeError, ValidationError):
        raise LookupError(f"{label}:{pk}") from None
    if not public.is_published(record):
        raise LookupError(f"{label}:{pk}")
    return record
