"""The HTTP service, assembled: the plumbing every route shares (api.middleware) and the routers."""

import anyio.to_thread
from fastapi import FastAPI

from api import (
    archive_audit,
    audit,
    corrections,
    digitization,
    dossiers,
    downloads,
    jobs,
    lifecycle,
    lists,
    middleware,
    ops,
    originals,
    papers,
    progress,
    registers,
    results,
    search,
    session,
    signatures,
    thumbnails,
    uploads,
    users,
    web,
)
from api.headers import SecurityHeaders
from api.throttle import SignInThrottle
from core.services import Services
from workers.context import install

ROUTERS = (ops, lists, dossiers, search, progress, uploads, lifecycle, results, downloads, jobs, corrections, originals,
           thumbnails, digitization, registers, audit, archive_audit, users, signatures, papers, session, web)


def create_app(services: Services) -> FastAPI:
    install(services)  # in embedded mode jobs run in this process and need the same handles
    settings = services.settings
    app = FastAPI(title="sohoa", version="0.1.0",
                  description="Số hóa hồ sơ thủ tục hành chính — digitization of one-stop dossiers")
    # What the routers share, read from the app's state.
    app.state.services = services
    app.state.signing_key = settings.signing_key()  # signs the local download links (api.downloads)
    app.state.accepting = anyio.CapacityLimiter(settings.accept_threads)  # threads accepting uploads at once
    app.state.sign_ins = SignInThrottle(settings.signin_failures, settings.signin_window,
                                        services.queue.connection if settings.redis_url else None)
    middleware.install(app, settings)
    app.add_middleware(SecurityHeaders)  # added last: outermost, so refusals by the others carry the headers too
    for module in ROUTERS:
        app.include_router(module.router)
    app.mount("/static", web.static, name="static")
    return app
