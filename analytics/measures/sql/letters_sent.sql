-- Letters (整改建议书) sent by $as_of to enterprises of $prefectures (all when null).
select count(*) as letters
from letters_log l
join enterprises e using (uscc)
join regions r on r.region_code = e.region_code
where cast(l.sent_at as date) <= $as_of
  and ($prefectures is null or list_contains($prefectures, coalesce(r.prefecture_code, r.region_code)))
