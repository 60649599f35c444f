-- app_index_key as one expression (no FROM), so PostgreSQL inlines it where it is used instead of
-- calling a SQL function per row (a sorted read rechecks each document's key; every write of a
-- keyed collection computes its keys). Same text for every value as 0023, so stored keys stay
-- valid: a number's float8 bits made sortable are the bits XOR a mask chosen by the sign (set the
-- sign bit of a positive, flip every bit of a negative), computed once instead of twice.
CREATE OR REPLACE FUNCTION app_index_key(v jsonb) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE coalesce(jsonb_typeof(v), 'null')
    WHEN 'null' THEN '0'
    WHEN 'string' THEN '1' || left(v #>> '{}', 256)
    WHEN 'number' THEN '2' || lpad(to_hex((
      ('x' || encode(float8send(least(greatest(v::numeric, -1e300), 1e300)::float8), 'hex'))::bit(64)
      # CASE WHEN v::numeric < 0 THEN B'1111111111111111111111111111111111111111111111111111111111111111'
        ELSE B'1000000000000000000000000000000000000000000000000000000000000000' END)::bigint), 16, '0')
    WHEN 'boolean' THEN CASE WHEN v #>> '{}' = 'true' THEN '3t' ELSE '3f' END
    WHEN 'array' THEN '4' || left(v::text, 256)
    ELSE '5' || left(v::text, 256)
  END
$$;
--> statement-breakpoint
-- Whether `key` is the key of `v` (app_index_key(v) = key), cheaper for a number: the key's hex
-- turned back into float8 bits and compared with the value's, instead of the value's bits turned
-- into hex. A sorted read checks this for every document it returns.
CREATE FUNCTION app_index_key_is(v jsonb, key text) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN left(key, 1) = '2' AND jsonb_typeof(v) = 'number'
    THEN float8send(least(greatest(v::numeric, -1e300), 1e300)::float8) = decode(
      CASE WHEN substr(key, 2, 1) >= '8'
        THEN translate(substr(key, 2, 1), '89abcdef', '01234567') || substr(key, 3)
        ELSE translate(substr(key, 2), '0123456789abcdef', 'fedcba9876543210') END, 'hex')
    ELSE app_index_key(v) = key END
$$;
