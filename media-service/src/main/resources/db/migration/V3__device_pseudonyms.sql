-- Device ids leave profile-service only as a keyed pseudonym (issue 16): media-service keeps the pseudonym, which
-- is also the device_id claim of a toy's token, and never a raw device id.
--
-- The projection's rows of the previous release hold raw device ids, which this service cannot turn into
-- pseudonyms (the key stays with profile-service): they go. profile-service, once upgraded, announces every
-- active pairing again as ToyPaired v2 (DevicePseudonymBackfill), which rebuilds them (deploy/README.md,
-- upgrade sequence). Toys are refused here in between, as they would be with an unknown device.
DELETE FROM paired_device;
ALTER TABLE paired_device RENAME COLUMN device_id TO device_pseudonym;
ALTER TABLE paired_device ADD CONSTRAINT paired_device_pseudonym_shape CHECK (device_pseudonym ~ '^[A-Za-z0-9_-]{43}$');

-- Which device uploaded an item: written, never read; raw ids of the previous release are dropped for the same reason.
UPDATE media_item SET device_id = NULL WHERE device_id IS NOT NULL;
