"""SQL views over the tables: the questions journalists ask, as tables Datasette can browse."""

VIEWS: dict[str, str] = {
    # A paper's trail: every paper it cites and every paper citing it, with relation and date.
    # Queried for one paper (`WHERE paper_id = ?`, or joined to papers without an ORDER BY on an
    # expression), SQLite flattens the UNION ALL and reads references by paper_id and by
    # target_paper_id through their indexes: keep it a plain UNION ALL of joins.
    "trail": """
        SELECT r.paper_id AS paper_id, 'cites' AS direction, r.target_paper_id AS other_paper_id,
               t.reference AS other_reference, t.subject AS other_subject, t.date AS other_date,
               t.placeholder AS other_is_placeholder, r.relation, r.resolution_date,
               r.quote, r.page, r.start, r.[end], r.id AS reference_id
          FROM [references] r JOIN papers t ON t.id = r.target_paper_id
         WHERE r.target_kind = 'paper'
        UNION ALL
        SELECT r.target_paper_id AS paper_id, 'cited_by' AS direction, r.paper_id AS other_paper_id,
               s.reference AS other_reference, s.subject AS other_subject, s.date AS other_date,
               s.placeholder AS other_is_placeholder, r.relation, r.resolution_date,
               r.quote, r.page, r.start, r.[end], r.id AS reference_id
          FROM [references] r JOIN papers s ON s.id = r.paper_id
         WHERE r.target_kind = 'paper' AND r.target_paper_id IS NOT NULL
    """,
    # Sums of money by municipality, year of the paper and role: summed by the link stage into
    # amount_totals (grouping every amount on each request takes seconds on a million papers).
    "amounts_by_body_year_role": """
        SELECT body_id, year, role, mentions, total_cents / 100.0 AS total_eur
          FROM amount_totals
    """,
    # Resolutions rescinded, by what and when.
    "rescinded_resolutions": """
        SELECT p.id AS paper_id, p.body_id, p.reference, p.subject, p.decided_on, p.placeholder,
               p.rescinded_by, r.reference AS rescinded_by_reference, r.subject AS rescinded_by_subject,
               p.status_date AS rescinded_on
          FROM papers p LEFT JOIN papers r ON r.id = p.rescinded_by
         WHERE p.status = 'rescinded'
    """,
    # The Beratungsfolge of each paper twice, side by side: read from the text and from the OParl API.
    "consultations_compared": """
        SELECT c.paper_id, 'text' AS source, c.organization_id, c.organization, c.date, c.role,
               c.result, c.public, c.agenda_item, c.quote AS evidence, c.id AS consultation_id
          FROM consultations c
        UNION ALL
        SELECT o.paper_id, 'oparl' AS source, o.organization_id, o.organization, o.date, o.role,
               o.result, o.public, o.agenda_item, coalesce(o.web, o.id) AS evidence,
               o.id AS consultation_id
          FROM oparl_consultations o
         WHERE o.paper_id IS NOT NULL
    """,
}
