#include "mstation/store/partition_maintenance.hpp"

#include <pqxx/pqxx>

namespace mstation::store {
namespace {

// The month partitions of a table, by the name create_month_partition gives them.
constexpr const char* month_partitions_sql =
    "SELECT c.relname, to_date(right(c.relname, 8), '\"y\"YYYY\"m\"MM') AS first_day "
    "FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
    "WHERE i.inhparent = ('mstation.' || quote_ident($1))::regclass AND c.relname ~ '_y[0-9]{4}m[0-9]{2}$'";

}  // namespace

std::vector<std::string> partitioned_tables(pqxx::transaction_base& tx) {
  std::vector<std::string> tables;
  for (const auto& r : tx.exec(
           "SELECT c.relname FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid "
           "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'mstation' ORDER BY 1")) {
    tables.push_back(r[0].as<std::string>());
  }
  return tables;
}

std::vector<EnsuredMonth> ensure_months(pqxx::transaction_base& tx, const std::string& table,
                                        const std::string& today, int months_ahead) {
  const auto key = tx.exec_params1(
      "SELECT a.attname, nullif(p.partdefid, 0)::regclass::text FROM pg_partitioned_table p "
      "JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0] "
      "WHERE p.partrelid = ('mstation.' || quote_ident($1))::regclass",
      table);
  // The months ahead, and the months of rows waiting in the default partition.
  std::string months =
      "SELECT date_trunc('month', $1::date + make_interval(months => n))::date AS m "
      "FROM generate_series(0, $2) AS n";
  if (!key[1].is_null()) {
    months += " UNION SELECT DISTINCT date_trunc('month', mstation.business_date(" + tx.quote_name(key[0].c_str()) +
              "))::date FROM " + key[1].as<std::string>();
  }
  // One month per statement: a month whose rows wait in the default partition
  // detaches and re-attaches it, which no statement still reading it may see.
  std::vector<std::string> wanted;
  for (const auto& r : tx.exec_params(months + " ORDER BY 1", today, months_ahead)) wanted.push_back(r[0].c_str());
  std::vector<EnsuredMonth> result;
  for (const auto& month : wanted) {
    const auto r = tx.exec_params1(
        "SELECT partition, created, moved FROM mstation.ensure_month_partition($1, $2::date)", table, month);
    result.push_back({table, r[0].as<std::string>(), r[1].as<bool>(), r[2].as<std::int64_t>()});
  }
  return result;
}

int future_months(pqxx::transaction_base& tx, const std::string& table, const std::string& today) {
  // Sorted, the n-th later partition is month n only when months 1..n all exist.
  return tx.exec_params1(std::string("SELECT coalesce(max(n), 0) FROM (SELECT first_day, row_number() OVER "
                                     "(ORDER BY first_day) AS n FROM (") +
                             month_partitions_sql +
                             ") p WHERE p.first_day > date_trunc('month', $2::date)) later "
                             "WHERE first_day = date_trunc('month', $2::date) + make_interval(months => n::int)",
                         table, today)[0]
      .as<int>();
}

std::vector<MonthPartition> partitions_past_retention(pqxx::transaction_base& tx, const std::string& table,
                                                      const std::string& today, int retention_months) {
  std::vector<MonthPartition> past;
  for (const auto& r : tx.exec_params(std::string("SELECT p.relname, p.first_day::text FROM (") +
                                          month_partitions_sql +
                                          ") p WHERE p.first_day + interval '1 month' <= "
                                          "date_trunc('month', $2::date) - make_interval(months => $3) "
                                          "ORDER BY p.first_day",
                                      table, today, retention_months)) {
    past.push_back({r[0].as<std::string>(), r[1].as<std::string>()});
  }
  return past;
}

std::int64_t open_transactions(pqxx::transaction_base& tx, const std::string& partition) {
  return tx.exec1("SELECT count(*) FROM mstation." + tx.quote_name(partition) +
                  " b WHERE b.state IN ('pending', 'unknown', 'manual') "
                  "OR EXISTS (SELECT 1 FROM mstation.saf_entry s WHERE s.txn_id = b.txn_id AND s.state <> 'done') "
                  "OR EXISTS (SELECT 1 FROM mstation.business_txn r WHERE r.orig_txn_id = b.txn_id "
                  "AND r.state IN ('pending', 'unknown', 'manual'))")[0]
      .as<std::int64_t>();
}

void detach_partition(pqxx::transaction_base& tx, const std::string& table, const std::string& partition) {
  tx.exec_params("SELECT mstation.archive_month_partition($1, $2)", table, partition);
}

}  // namespace mstation::store
