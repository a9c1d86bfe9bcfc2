"""Legal aid (trợ giúp pháp lý): the providers and performers (``providers``) and the requests,
cases and procedural bodies' notices of the State Legal Aid Centres (``cases``). The law:
docs/domain/legal-aid.md."""
