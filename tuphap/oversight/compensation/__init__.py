"""State compensation (bồi thường nhà nước): the claims an injured person, an heir or a
representative brings against the agency responsible for compensation, from receipt through
acceptance, verification, negotiation, the decision and the payment, with the advance and the
recourse against the official at fault. The law is in ``docs/domain/compensation.md`` (Luật
TNBTCNN 10/2017/QH14; NĐ 68/2018)."""
