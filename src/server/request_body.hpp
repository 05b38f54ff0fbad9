#pragma once
// The body type of the server's requests: Beast's string_body, but its reader appends each piece
// (std::string::append copies) where string_body's resizes the string first, zero-filling every
// byte it then overwrites: a 40 KB upload cost a 40 KB memset per request (3.7% of the server's
// CPU under wrk, perf). Internal to src/server (includes Beast).
#include <boost/beast/core/buffers_range.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/optional.hpp>

#include <cstdint>
#include <string>

namespace latbench::server {

struct RequestBody {
  using value_type = std::string;

  static std::uint64_t size(const value_type& body) { return body.size(); }

  class reader {
   public:
    template <bool is_request, class Fields>
    reader(boost::beast::http::header<is_request, Fields>&, value_type& body) : m_body(body) {}

    void init(const boost::optional<std::uint64_t>& length, boost::beast::error_code& ec) {
      ec = {};
      if (!length) return;
      if (*length > m_body.max_size()) {
        ec = boost::beast::http::error::buffer_overflow;
        return;
      }
      m_body.reserve(static_cast<std::size_t>(*length));
    }

    template <class ConstBufferSequence>
    std::size_t put(const ConstBufferSequence& buffers, boost::beast::error_code& ec) {
      ec = {};
      std::size_t added = 0;
      for (auto b : boost::beast::buffers_range_ref(buffers)) {
        if (b.size() > m_body.max_size() - m_body.size()) {
          ec = boost::beast::http::error::buffer_overflow;
          return added;
        }
        m_body.append(static_cast<const char*>(b.data()), b.size());
        added += b.size();
      }
      return added;
    }

    void finish(boost::beast::error_code& ec) { ec = {}; }

   private:
    value_type& m_body;
  };

  // Requests are only read, but a message type wants both (tests may serialize one).
  using writer = boost::beast::http::string_body::writer;
};

}  // namespace latbench::server
