-- Holdfast warehouse extract (docs/warehouse.md): one row per group customer, billing month and
-- account (or product line) for the last 24 months, with the group's master attributes repeated.
-- Runs on Hive 2+/Spark SQL 3+ on the province warehouse; the heavy joins and the month window stay
-- there, Holdfast (DuckDB) only adds up the rows per group and month.
--
-- Replace the ${hivevar:...} values (or SET them) and the source table names with your warehouse's:
--   dw.dim_group_customer   集团客户资料 (one row per group, current attributes)
--   dw.fct_group_bill_month 集团月度出账 (one row per group account and month)
--   dw.fct_group_member_month 集团成员月度 (members and off-net members per group account and month)
--
--   SET hivevar:last_month=202609;      -- the latest closed billing month, YYYYMM
--   SET hivevar:months=24;
--   SET hivevar:province=ZJ;            -- optional filter
--
-- Output: a Parquet table (or CSV with a header row); export it with e.g.
--   INSERT OVERWRITE DIRECTORY '/export/holdfast/${hivevar:last_month}' STORED AS PARQUET SELECT ...
-- and copy the files to the analyst's laptop:  holdfast batch --extract 'holdfast-*.parquet' --out decks/

SET hive.exec.compress.output=true;
SET parquet.compression=ZSTD;

DROP TABLE IF EXISTS tmp.holdfast_extract;
CREATE TABLE tmp.holdfast_extract STORED AS PARQUET AS
WITH months AS (
  -- the window: ${hivevar:months} months up to and including the last closed month
  SELECT DISTINCT bill_month
  FROM dw.fct_group_bill_month
  WHERE bill_month <= '${hivevar:last_month}'
    AND bill_month > date_format(add_months(to_date(from_unixtime(unix_timestamp('${hivevar:last_month}', 'yyyyMM'))), -${hivevar:months}), 'yyyyMM')
),
bill AS (
  SELECT b.group_code,
         b.account_id,
         b.bill_month,
         SUM(b.unified_pay_fee)   AS unified_pay_revenue,   -- 统付收入, 元
         SUM(b.personal_pay_fee)  AS personal_pay_revenue,  -- 个付收入, 元
         SUM(b.total_fee)         AS total_revenue,         -- 出账收入, 元
         SUM(b.new_business_fee)  AS new_business_revenue,  -- 新业务收入, 元
         SUM(b.voice_minutes)     AS minutes,
         SUM(b.arrears_fee)       AS arrears,               -- 欠费, 元
         SUM(b.complaint_cnt)     AS complaints,
         SUM(b.fault_cnt)         AS faults,
         COUNT(DISTINCT b.product_id) AS products
  FROM dw.fct_group_bill_month b
  JOIN months m ON b.bill_month = m.bill_month
  GROUP BY b.group_code, b.account_id, b.bill_month
),
mem AS (
  SELECT group_code,
         account_id,
         bill_month,
         COUNT(DISTINCT CASE WHEN member_status = 'active' THEN member_id END) AS members,
         COUNT(DISTINCT CASE WHEN member_status = 'active' AND is_off_net = 1 THEN member_id END) AS off_net_members
  FROM dw.fct_group_member_month
  WHERE bill_month IN (SELECT bill_month FROM months)
  GROUP BY group_code, account_id, bill_month
)
SELECT CAST(g.group_code AS STRING)                                   AS group_code,
       concat(substr(bill.bill_month, 1, 4), '-', substr(bill.bill_month, 5, 2)) AS period,   -- YYYY-MM
       g.group_name                                                  AS group_name,
       g.group_level                                                 AS group_class,          -- A1/A2/B1/B2/C/D
       g.importance_level                                            AS importance,
       g.industry_name                                               AS industry,
       g.county_name                                                 AS region,               -- 区县/片区/营业部
       g.manager_name                                                AS account_manager,
       g.employee_cnt                                                AS employees,
       date_format(g.contract_end_date, 'yyyy-MM-dd')                AS contract_end,
       g.competitor_flag                                             AS competitor_presence,
       g.line_grade                                                  AS line_grade,
       bill.unified_pay_revenue,
       bill.personal_pay_revenue,
       bill.total_revenue,
       bill.new_business_revenue,
       mem.members,
       mem.off_net_members,
       bill.minutes,
       bill.arrears,
       bill.complaints,
       bill.faults,
       bill.products
FROM bill
JOIN dw.dim_group_customer g ON g.group_code = bill.group_code
LEFT JOIN mem ON mem.group_code = bill.group_code AND mem.account_id = bill.account_id AND mem.bill_month = bill.bill_month
WHERE ('${hivevar:province}' = '' OR g.province_code = '${hivevar:province}');

-- Optional: one row per group and month already on the warehouse (a smaller file; Holdfast reads both):
-- SELECT group_code, period, max(group_name) group_name, ..., sum(total_revenue) total_revenue, ...
-- FROM tmp.holdfast_extract GROUP BY group_code, period;
