"""The HTTP service, assembled: the plumbing every route shares (api.middleware) and the routers."""
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI

from api import (
    audit,
    corrections,
    digitization,
    dossiers,
    downloads,
    jobs,
    middleware,
    ops,
    registers,
    signatures,
    thumbnails,
    uploads,
    users,
    web,
)
from api.balance import RecycleConnections
from api.headers import SecurityHeaders
from api.inflight import CountUploads, UploadCount
from api.peers import PeerLoads
from api.throttle import SignInThrottle
from api.warmup import warm_up
from core.services import Services
from workers.context import install

ROUTERS = (ops, dossiers, uploads, downloads, jobs, corrections, thumbnails, digitization, registers, audit, users,
           signatures, web)


def create_app(services: Services) -> FastAPI:
    install(services)  # in embedded mode jobs run in this process and need the same handles
    settings = services.settings
    upload_count = UploadCount(settings.quality_inline_max)
    # Only with a real Redis can processes see each other; embedded mode runs one.
    peers = PeerLoads(services.queue.connection) if settings.redis_url and settings.balance_tick else None

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await anyio.to_thread.run_sync(warm_up, services)  # before uvicorn listens
        async with anyio.create_task_group() as tasks:
            if peers is not None:
                tasks.start_soon(peers.keep_exchanging, settings.balance_tick)
            yield
            tasks.cancel_scope.cancel()
        if peers is not None:
            with contextlib.suppress(Exception):
                peers.leave()

    app = FastAPI(title="sohoa", version="0.1.0", lifespan=lifespan,
                  description="Số hóa hồ sơ thủ tục hành chính — digitization of one-stop dossiers")
    # What the routers share, read from the app's state.
    app.state.services = services
    app.state.signing_key = settings.signing_key()  # signs the local download links (api.downloads)
    app.state.accepting = anyio.CapacityLimiter(settings.accept_threads)  # threads accepting uploads at once
    app.state.upload_count = upload_count
    app.state.sign_ins = SignInThrottle(settings.signin_failures, settings.signin_window,
                                        services.queue.connection if settings.redis_url else None)
    middleware.install(app, settings)
    app.add_middleware(CountUploads, count=upload_count)
    app.add_middleware(RecycleConnections, every=settings.recycle_connection_every, peers=peers)
    app.add_middleware(SecurityHeaders)  # added last: outermost, so refusals by the others carry the headers too
    for module in ROUTERS:
        app.include_router(module.router)
    app.mount("/static", web.static, name="static")
    return app
