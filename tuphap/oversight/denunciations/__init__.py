"""Denunciations (tố cáo): the register detail of each denunciation case (the protected identity
of the denouncer, the person denounced, the check, transfer, acceptance, extensions, conclusion
and its handling), on the case engine. The law is in ``docs/domain/denunciations.md`` (Luật Tố
cáo 25/2018/QH14)."""
