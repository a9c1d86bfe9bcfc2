"""Grassroots mediation (Luật Hòa giải ở cơ sở 35/2013/QH13; NĐ 15/2014): mediation teams per
village or residential group (Art. 12), their members, and the mediation book (Sổ theo dõi
hoạt động hòa giải ở cơ sở, Art. 21(4)) kept as case-engine cases. docs/domain/outreach.md
§4–§6."""
