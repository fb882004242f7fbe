-- One project's trail (事前、事中、事后) in date order: milestones and payments.
select event_no, stage, date, amount, payment_kind, note
from project_events
where project_no = $project_no
order by date, case stage when 'initiation' then 1 when 'tender' then 2 when 'contract' then 3 when 'start' then 4
                          when 'midterm' then 5 when 'acceptance' then 6 else 7 end, event_no
