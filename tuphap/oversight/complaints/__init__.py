"""Complaints (khiếu nại) against administrative decisions and acts: the register detail of each
complaint case (complainants, the act complained of, acceptance, the recorded determinations of
complexity, the decisions of first and second instance, suspension and termination), on the
case engine. The law is in ``docs/domain/complaints.md`` (Luật Khiếu nại 02/2011/QH13; NĐ
124/2020 as amended by NĐ 155/2026 from 1 July 2026)."""
