-- 009: failed sign-ons counted per terminal (docs/transactions.md, 0001).
-- An unknown operator id costs the station a decoy PBKDF2 each time, and
-- an operator's own lockout never comes: a stolen handheld trying ids
-- would burn CPU for ever. Every failed sign-on — unknown, disabled or
-- foreign operator, wrong password — is a row here; past
-- terminal_sign_on_failures_allowed in the window the terminal is refused
-- sign-on without any password work until the window has passed.
CREATE TABLE mstation.terminal_sign_on_failure (
  tid          char(8) NOT NULL REFERENCES mstation.terminal,
  failed_at    timestamptz NOT NULL,
  operator_id  text NOT NULL  -- as sent (printable), whether it exists or not
);
CREATE INDEX ON mstation.terminal_sign_on_failure (tid, failed_at);
GRANT SELECT, INSERT ON mstation.terminal_sign_on_failure TO mstation_app;
GRANT SELECT ON mstation.terminal_sign_on_failure TO mstation_admin;
