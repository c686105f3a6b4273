#include "mstation/recon/statement_download.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <thread>

#include "mstation/recon/recon_failure.hpp"
#include "mstation/sg186/codes.hpp"
#include "mstation/sg186/statement_file.hpp"

namespace mstation::recon {
namespace {

using Kind = ReconFailure::Kind;

// A chunk whose exchange failed is asked again this many times (a short
// blip), then the run fails as unreachable; `--wait` starts it over later.
constexpr int chunk_attempts = 4;

const sg186::Message& answered(const sg186::ExchangeResult& r, const char* what) {
  if (!r.answer) {
    throw ReconFailure(Kind::unreachable, fmt::format("SG186 did not answer the {} ({}: {})", what,
                                                      sg186::to_string(r.kind), r.problem));
  }
  const auto& h = r.answer->header;
  if (h.rsp_code == sg186::rsp::failure) {
    throw ReconFailure(Kind::not_ready, fmt::format("SG186 answered the {} 1002: {}", what, h.rsp_msg));
  }
  if (h.rsp_code != sg186::rsp::success) {
    throw ReconFailure(Kind::refused, fmt::format("SG186 answered the {} {}: {}", what, h.rsp_code, h.rsp_msg));
  }
  return *r.answer;
}

sg186::StatementSummaryResponse fetch_summary(JournaledExchange& link, std::uint32_t date) {
  const auto result = link.exchange(sg186::statement_summary({date}));
  const auto decoded = sg186::decode_statement_summary_response(answered(result, "summary (050)").body);
  if (const auto* problem = std::get_if<std::string>(&decoded)) {
    throw ReconFailure(Kind::bad_file, "the summary (050) does not decode: " + *problem);
  }
  const auto& s = std::get<sg186::StatementSummaryResponse>(decoded);
  if (s.check_date != date) {
    throw ReconFailure(Kind::contradicts_summary, fmt::format("the summary is for {}, not {}", s.check_date, date));
  }
  if (s.file_size == 0 || s.file_size > max_statement_bytes) {
    throw ReconFailure(Kind::bad_file, fmt::format("the summary gives a file size of {} bytes", s.file_size));
  }
  if (s.file_name.empty()) throw ReconFailure(Kind::bad_file, "the summary names no file");
  return s;
}

// One chunk from `offset`, asked again after a failed exchange.
sg186::StatementChunkResponse fetch_chunk(JournaledExchange& link, const sg186::StatementSummaryResponse& summary,
                                          std::uint64_t offset) {
  const auto length = static_cast<std::uint32_t>(
      std::min<std::uint64_t>(sg186::max_chunk_length, summary.file_size - offset));
  for (int attempt = 1;; ++attempt) {
    const auto result = link.exchange(sg186::statement_chunk({summary.file_name, offset, length}));
    if (!result.answer && attempt < chunk_attempts) {
      spdlog::warn("statement chunk at {}: {} ({}); asking again", offset, sg186::to_string(result.kind),
                   result.problem);
      std::this_thread::sleep_for(std::chrono::milliseconds(200) * attempt);
      continue;
    }
    const auto decoded = sg186::decode_statement_chunk_response(answered(result, "file chunk (051)").body);
    if (const auto* problem = std::get_if<std::string>(&decoded)) {
      throw ReconFailure(Kind::bad_file, fmt::format("the chunk at {} does not decode: {}", offset, *problem));
    }
    auto chunk = std::get<sg186::StatementChunkResponse>(decoded);
    if (chunk.offset != offset) {
      throw ReconFailure(Kind::bad_file, fmt::format("asked for offset {}, got {}", offset, chunk.offset));
    }
    if (chunk.data.size() > length || (chunk.data.empty() && !chunk.eof)) {
      throw ReconFailure(Kind::bad_file, fmt::format("asked for {} bytes at {}, got {}{}", length, offset,
                                                     chunk.data.size(), chunk.eof ? " and EOF" : ""));
    }
    return chunk;
  }
}

// The header line against the summary: the same date and totals.
void check_header(const Statement& s, std::uint32_t date) {
  sg186::StatementFile header;
  sg186::StatementReader reader(s.text);
  if (!reader.read_header(header)) throw ReconFailure(Kind::bad_file, "statement file: " + reader.problem());
  if (header.check_date != date) {
    throw ReconFailure(Kind::bad_file, fmt::format("the file's CHECK_DATE is {}, not {}", header.check_date, date));
  }
  if (header.total_count != s.summary.total_count || header.total_amount_fen != s.summary.total_amount_fen) {
    throw ReconFailure(Kind::contradicts_summary,
                       fmt::format("the file's header says {} transactions, {} fen; the summary (050) says {}, {} fen",
                                   header.total_count, header.total_amount_fen, s.summary.total_count,
                                   s.summary.total_amount_fen));
  }
}

}  // namespace

Statement download_statement(JournaledExchange& link, std::uint32_t date, const Progress& progress) {
  Statement s;
  s.summary = fetch_summary(link, date);
  const auto chunks = (s.summary.file_size + sg186::max_chunk_length - 1) / sg186::max_chunk_length;
  link.reserve(static_cast<int>(chunks) + chunk_attempts);  // bounded: file_size ≤ max_statement_bytes
  // Grown as chunks come: a summary's size alone does not get memory.
  s.text.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(s.summary.file_size, 64 << 20)));
  bool eof = false;
  while (!eof && s.text.size() < s.summary.file_size) {
    const auto chunk = fetch_chunk(link, s.summary, s.text.size());
    s.text += chunk.data;
    eof = chunk.eof;
    if (progress) progress(s.text.size(), s.summary.file_size);
  }
  if (s.text.size() != s.summary.file_size) {
    throw ReconFailure(Kind::bad_file, fmt::format("the file ended at {} bytes; the summary said {}", s.text.size(),
                                                   s.summary.file_size));
  }
  s.sha256 = sha256(std::string_view(s.text));
  check_header(s, date);
  return s;
}

}  // namespace mstation::recon
