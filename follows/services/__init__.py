"""Following: what a reader may follow (``targets``), the signed links
(``tokens``), asking and confirming (``subscriptions``), the mails owed for
each public event (``deliveries``) and what they say (``mails``)."""
