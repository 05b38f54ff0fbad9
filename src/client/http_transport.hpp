#pragma once
// The HTTP upload transport: every device's uploads on one libcurl multi handle (one thread),
// one easy handle per upload in flight (transfer.hpp), reused so that a request allocates
// nothing but its sample. libcurl enforces the plan's timeout and keeps the keep-alive
// connections of persistent and pool modes.
#include <memory>

#include "client/driver.hpp"
#include "client/transport.hpp"

namespace latbench::client {

// Uploads one device may have in flight: 1 on a persistent connection (HTTP/1.1, no
// pipelining), Connection::pool in a pool; with a new connection per upload, 1 in closed loop and
// max_in_flight (0: unlimited) in open loop.
unsigned http_slots_per_device(const DriverPlan& plan);

// A transport for `plan` (url, bodies, headers, connection mode, timeout, send buffer), which
// must outlive it. Throws latbench::Error (internal) if libcurl cannot be set up.
std::unique_ptr<Transport> make_http_transport(const DriverPlan& plan);

}  // namespace latbench::client
