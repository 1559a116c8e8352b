-- Public tracking by a random PIN printed on the receipt. A business dossier was checked with the
-- company's tax code (and its registered phone), both published in the national business registry,
-- so anyone could follow any company's dossiers: from now on only its PIN opens it. Citizens keep
-- their phone and ID number beside the PIN.
--
-- Every existing dossier gets a PIN of 8 letters from the tracking alphabet (motcua_api::lifecycle::
-- PIN_ALPHABET). SQLite's random() is drawn from its ChaCha20 generator seeded by the operating
-- system, so these are as unguessable as the ones made at submission; the remainder of a 63-bit
-- number by 30 is uniform to within 10⁻¹⁷. The PIN lives in the receipt (`data`), where the owner
-- reads it back for a reprint: stored plainly, it opens less than the rest of the row already holds.
UPDATE dossiers SET data = json_set(data, '$.tracking_pin',
    substr('23456789ABCDEFGHJKMNPQRSTVWXYZ', abs(random() % 30) + 1, 1) ||
    substr('23456789ABCDEFGHJKMNPQRSTVWXYZ', abs(random() % 30) + 1, 1) ||
    substr('23456789ABCDEFGHJKMNPQRSTVWXYZ', abs(random() % 30) + 1, 1) ||
    substr('23456789ABCDEFGHJKMNPQRSTVWXYZ', abs(random() % 30) + 1, 1) ||
    substr('23456789ABCDEFGHJKMNPQRSTVWXYZ', abs(random() % 30) + 1, 1) ||
    substr('23456789ABCDEFGHJKMNPQRSTVWXYZ', abs(random() % 30) + 1, 1) ||
    substr('23456789ABCDEFGHJKMNPQRSTVWXYZ', abs(random() % 30) + 1, 1) ||
    substr('23456789ABCDEFGHJKMNPQRSTVWXYZ', abs(random() % 30) + 1, 1))
WHERE coalesce(json_extract(data, '$.tracking_pin'), '') = '';

UPDATE dossiers SET check_phone = '', check_id = ''
WHERE owner IN (SELECT id FROM accounts WHERE kind = 'business');
