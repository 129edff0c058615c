-- The raw body of a webhook delivery (~9 KB for an order) is compressed when it is stored, on
-- the path of every acknowledgement. The default method, pglz, is slow to compress; lz4 compresses
-- and decompresses several times faster, at somewhat more space. Servers built without lz4
-- (PGlite) keep pglz.
DO $$
BEGIN
  ALTER TABLE "WebhookDelivery" ALTER COLUMN "rawBody" SET COMPRESSION lz4;
EXCEPTION
  WHEN feature_not_supported THEN NULL;
END
$$;
