"""The people of outreach: law reporters and propagandists (Luật PBGDPL 2012 Art. 35–37) and
grassroots mediators (Luật Hòa giải ở cơ sở 2013 Art. 7–8, 11), with their recognition
decisions and trainings; and who may do what in the app. The lowest area: dissemination and
mediation both build on it (docs/domain/outreach.md §1, §4)."""
