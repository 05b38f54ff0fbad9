// A zero-work WebSocket echo on 127.0.0.1 (Node's `ws`, a server we did not write): every message
// goes straight back as it came. Prints its port on the first line of stdout.
//   node echo_server.js
const { WebSocketServer } = require('ws');
const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false, maxPayload: 64 << 20 });
server.on('listening', () => console.log(server.address().port));
server.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
});
