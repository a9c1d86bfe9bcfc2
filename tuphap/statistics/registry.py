"""The registry of indicators and report identities, filled by each app's ``indicators.py``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Protocol

from tuphap.core.errors import ValidationFailed
from tuphap.statistics.indicators import Aggregation, Identity, Indicator


class UnknownIndicator(ValidationFailed):
    def __init__(self, code: str) -> None:
        message = f"Unknown indicator {code!r}."
        super().__init__(message, fields={"indicators": message}, code="unknown_indicator")
        self.indicator_code = code


class Provider(Protocol):
    """Indicators and identities declared as data (the aggregate forms, ADR 0015): asked after
    the ones registered in code, which win on a clash of codes."""

    prefix: str

    def indicators(self) -> list[Indicator]: ...

    def identities(self) -> list[Identity]: ...


class IndicatorRegistry:
    def __init__(self) -> None:
        self._indicators: dict[str, Indicator] = {}
        self._identities: dict[str, Identity] = {}
        self._providers: list[Provider] = []

    def add_provider(self, provider: Provider) -> None:
        if provider not in self._providers:
            self._providers.append(provider)

    def _provided(self, code: str | None = None) -> dict[str, Indicator]:
        found: dict[str, Indicator] = {}
        for provider in self._providers:
            if code is not None and not code.startswith(provider.prefix + "."):
                continue
            for indicator in provider.indicators():
                if indicator.code not in self._indicators:
                    found.setdefault(indicator.code, indicator)
        return found

    # -- indicators -----------------------------------------------------------------------------

    def register(self, indicator: Indicator) -> Indicator:
        """Add an indicator; a second indicator with the same code is refused."""
        if indicator.code in self._indicators:
            raise ValueError(f"Indicator {indicator.code!r} is already registered.")
        self._indicators[indicator.code] = indicator
        return indicator

    def unregister(self, code: str) -> None:
        self._indicators.pop(code, None)

    def get(self, code: str) -> Indicator:
        try:
            return self._indicators[code]
        except KeyError:
            provided = self._provided(code).get(code)
            if provided is None:
                raise UnknownIndicator(code) from None
            return provided

    def __contains__(self, code: object) -> bool:
        return code in self._indicators or (isinstance(code, str) and code in self._provided(code))

    def all(self) -> list[Indicator]:
        every = {**self._provided(), **self._indicators}
        return sorted(every.values(), key=lambda indicator: indicator.code)

    def stored(self) -> list[Indicator]:
        return [indicator for indicator in self.all() if indicator.is_stored]

    def components(self, codes: Iterable[str]) -> list[Indicator]:
        """The stored indicators needed to compute ``codes``: ratios expand to their parts and
        derived indicators to their terms, recursively (a ratio of ratios is refused)."""
        needed: dict[str, Indicator] = {}

        def visit(code: str, path: tuple[str, ...]) -> None:
            if code in path:
                raise ValueError(f"Indicator {code} is defined in terms of itself: {path}.")
            indicator = self.get(code)
            if indicator.is_stored:
                needed[code] = indicator
                return
            for part in indicator.inputs:
                if (
                    indicator.aggregation is Aggregation.RATIO
                    and self.get(part).aggregation is Aggregation.RATIO
                ):
                    raise ValueError(f"Ratio {code} refers to ratio {part}; use stored parts.")
                visit(part, (*path, code))

        for code in codes:
            visit(code, ())
        return list(needed.values())

    def openings(self, codes: Iterable[str]) -> list[Indicator]:
        """The stored stocks that ``codes`` read at the opening of a window (``@opening``
        terms of derived indicators, recursively)."""
        found: dict[str, Indicator] = {}
        pending = list(codes)
        seen: set[str] = set()
        while pending:
            code = pending.pop()
            if code in seen:
                continue
            seen.add(code)
            indicator = self.get(code)
            if indicator.aggregation is Aggregation.DERIVED:
                for _sign, part, opening in indicator.signed_terms:
                    if opening:
                        stored = self.get(part)
                        if not stored.is_stored:
                            raise ValueError(f"{code}: {part}@opening must be a stored stock.")
                        found[part] = stored
                    else:
                        pending.append(part)
            elif indicator.aggregation is Aggregation.RATIO:
                pending.extend(indicator.parts)
        return list(found.values())

    # -- identities -----------------------------------------------------------------------------

    def register_identity(self, identity: Identity) -> Identity:
        if identity.code in self._identities:
            raise ValueError(f"Identity {identity.code!r} is already registered.")
        self._identities[identity.code] = identity
        return identity

    def unregister_identity(self, code: str) -> None:
        self._identities.pop(code, None)

    def identities_for(self, codes: Iterable[str]) -> list[Identity]:
        wanted = set(codes)
        every = dict(self._identities)
        if any(code.startswith(p.prefix + ".") for p in self._providers for code in wanted):
            for provider in self._providers:
                for identity in provider.identities():
                    every.setdefault(identity.code, identity)
        return [
            identity for _, identity in sorted(every.items()) if wanted.intersection(identity.codes)
        ]

    @contextmanager
    def temporary(
        self, *indicators: Indicator, identities: Iterable[Identity] = ()
    ) -> Iterator[None]:
        """Register for the duration of a block (tests, benchmarks)."""
        added = [self.register(indicator).code for indicator in indicators]
        added_identities = [self.register_identity(identity).code for identity in identities]
        try:
            yield
        finally:
            for code in added:
                self.unregister(code)
            for code in added_identities:
                self.unregister_identity(code)


registry = IndicatorRegistry()
