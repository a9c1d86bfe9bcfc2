"""Legal dissemination (Luật PBGDPL 14/2012/QH13): sessions as records (form of Art. 11,
topics, documents, target groups, who led them, participants), contests with their contestants,
materials distributed, Law Day campaigns (Art. 8). docs/domain/outreach.md §2–§3."""
