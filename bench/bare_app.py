"""The baseline: a bare Flask app that returns a page of about a goal page's size."""

from flask import Flask

app = Flask(__name__)
PAGE = "<!doctype html><html lang='sv'><body>" + "<p>Text om ett mål.</p>" * 150 + "</body></html>"


@app.get("/")
def page():
    return PAGE
