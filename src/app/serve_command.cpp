#include "app/serve_command.hpp"

#include <memory>

#include "link/link_emulator.hpp"

namespace latbench::app {

ServeOutcome run_serve(ServeRequest request, const ServeHooks& hooks) {
  const auto public_port = request.options.port;
  if (request.link) request.options.port = 0;
  server::ReferenceServer srv(request.options);
  srv.start();
  std::unique_ptr<link::LinkEmulator> emulator;
  if (request.link) {
    emulator = std::make_unique<link::LinkEmulator>(*request.link, request.options.bind, srv.port(), public_port,
                                                    request.options.bind);
    emulator->start();
  }
  ServeReady ready;
  ready.port = emulator ? emulator->port() : srv.port();
  ready.server_port = srv.port();
  if (emulator) {
    ready.link_name = request.link->name;
    ready.link_spec = link::to_string(emulator->spec());  // with its seed
  }
  if (hooks.on_ready) hooks.on_ready(ready);
  if (hooks.wait) hooks.wait();
  if (emulator) emulator->stop();
  srv.stop();
  return {srv.counters()};
}

}  // namespace latbench::app
