"""The upload endpoint our users serve, in FastAPI, as bench/server_vs_nginx.sh's third peer: it
reads the whole POST body of /api/devices/file/image and answers the small JSON latbench serve
and the nginx peer answer, without a model (as `latbench serve --infer 0ms --decode none`).
    /usr/bin/python3 -m uvicorn --app-dir bench fastapi_upload:app --port PORT --no-access-log
"""
from fastapi import FastAPI, Request
from fastapi.responses import Response

app = FastAPI()
_ANSWER = b'{"request_id":0,"status":"processed","commands":[]}'


@app.post("/api/devices/file/image")
async def upload(request: Request) -> Response:
    await request.body()  # the image, read whole as the users' services do
    return Response(content=_ANSWER, media_type="application/json")
