"""A recording fake Elasticsearch node for the official client (no server, no network)."""

from __future__ import annotations

import json
from typing import Any, ClassVar

from elastic_transport import ApiResponseMeta, BaseNode, HttpHeaders
from elastic_transport._node._base import NodeApiResponse


class FakeNode(BaseNode):
    """Answers like a 9.x cluster holding ``patents-v0`` behind alias ``patents``; records each request."""

    requests: ClassVar[list[tuple[str, str, Any]]] = []
    #: ids that a point-in-time search over ``patents`` pages through
    stored_ids: ClassVar[list[str]] = [f"CN{n}U" for n in range(1, 8)]

    def perform_request(
        self, method: str, target: str, body: bytes | None = None, **_: Any
    ) -> NodeApiResponse:
        path = target.split("?")[0]
        text = body.decode("utf-8") if body else ""
        parsed: Any = (
            [json.loads(x) for x in text.splitlines() if x]
            if path.endswith("/_bulk")
            else (json.loads(text) if text else None)
        )
        FakeNode.requests.append((method, path, parsed))
        status, answer = self._answer(method, path, parsed)
        headers = HttpHeaders({"x-elastic-product": "Elasticsearch", "content-type": "application/json"})
        meta = ApiResponseMeta(
            status=status, http_version="1.1", headers=headers, duration=0.0, node=self.config
        )
        return NodeApiResponse(meta, b"" if method == "HEAD" else json.dumps(answer).encode())

    @staticmethod
    def _answer(method: str, path: str, parsed: Any) -> tuple[int, Any]:
        if path.endswith("/_bulk"):
            items = [
                {"index": {"_index": line["index"]["_index"], "_id": line["index"]["_id"], "status": 201}}
                for line in parsed
                if "index" in line
            ]
            return 200, {"took": 1, "errors": False, "items": items}
        if method == "HEAD":
            return (200, None) if path == "/_alias/patents" else (404, None)
        if method == "GET" and path == "/_alias/patents":
            return 200, {"patents-v0": {"aliases": {"patents": {}}}}
        if path == "/patents/_pit":
            return 200, {"id": "pit-1"}
        if path == "/_search":  # a PIT page: sort values are positions in stored_ids
            start = parsed.get("search_after", [-1])[0] + 1
            page = range(start, min(start + parsed["size"], len(FakeNode.stored_ids)))
            hits = [
                {"_id": FakeNode.stored_ids[i], "_source": {"id": FakeNode.stored_ids[i]}, "sort": [i]}
                for i in page
            ]
            return 200, {"pit_id": "pit-2", "hits": {"hits": hits}}
        if method == "GET" and path.startswith("/patents/_doc/"):
            doc_id = path.rsplit("/", 1)[1]
            if doc_id not in FakeNode.stored_ids:
                return 404, {"_index": "patents-v0", "_id": doc_id, "found": False}
            source = {"embedding": [0.6, 0.8]} if doc_id == FakeNode.stored_ids[0] else {}
            return 200, {"_index": "patents-v0", "_id": doc_id, "found": True, "_source": source}
        if path == "/_reindex":
            return 200, {"took": 1, "total": 0, "failures": []}
        return 200, {"acknowledged": True}
