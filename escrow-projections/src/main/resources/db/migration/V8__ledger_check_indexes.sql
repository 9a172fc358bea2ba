-- The ledger check compares each account with its entries, and each vault with its transactions.
CREATE INDEX ledger_entries_by_account ON ledger_entries (account, currency);
CREATE INDEX ledger_transactions_by_vault ON ledger_transactions (vault_id);
