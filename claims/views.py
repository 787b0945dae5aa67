from django.shortcuts import render

from . import selectors


def claim_list(request):
    claims = selectors.claim_list_public()
    return render(request, "claims/claim_list.html", {"claims": claims})


def claim_detail(request, slug: str):
    claim = selectors.claim_get_public(slug=slug)
    return render(request, "claims/claim_detail.html", {"claim": claim})


def article_detail(request, slug: str):
    article = selectors.article_get(slug=slug)
    claims = selectors.claim_list_public().filter(article=article)
    return render(
        request, "claims/article_detail.html", {"article": article, "claims": claims}
    )


def speaker_detail(request, slug: str):
    speaker = selectors.speaker_get(slug=slug)
    claims = selectors.claim_list_public().filter(speaker=speaker)
    return render(
        request, "claims/speaker_detail.html", {"speaker": speaker, "claims": claims}
    )
