-- Time-ordered UUIDs (version 7, RFC 9562) for the rows the app inserts with SQL: the first 48
-- bits are the Unix time in milliseconds, the rest random as in gen_random_uuid(). Keys made
-- one after another land on the same pages at the right edge of their index, where random
-- (version 4) keys touch pages anywhere in it: on a large import, the difference between an
-- index that stays in memory and one that is read and written back page by page.
CREATE OR REPLACE FUNCTION crm_uuid_v7() RETURNS uuid
LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
  SELECT encode(
    -- bits 52 and 53 turn version 4 (0100) into version 7 (0111); the variant stays RFC 9562's
    set_bit(set_bit(
      overlay(uuid_send(gen_random_uuid())
        PLACING substring(int8send((extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
        FROM 1 FOR 6),
      52, 1), 53, 1),
    'hex')::uuid
$$;
