-- The contracts with something left to pay, newest first: management's
-- home and `contract list --unpaid`. Found by `contracts_due`, all of them
-- had to be sorted for a first page (1.4 s at a million contracts, two in
-- three of them owing); this index holds exactly them, in the list's order,
-- so a page reads its rows and the count stops at its cap. A partial index
-- serves only a statement whose condition implies its own: the store writes
-- the zero into the statement (`raw::zero`) rather than binding it.
CREATE INDEX contracts_unpaid ON contracts (created_at, id)
    WHERE due_cents > 0 AND archived_at IS NULL;
