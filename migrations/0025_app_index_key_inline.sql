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
