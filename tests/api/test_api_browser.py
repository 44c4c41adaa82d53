"""The analysts' page in headless Chromium: search, open an entity with its evidence, see the
graph drawn, expand it, view chain coverage, ask for an expert panel."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from api_helpers import KEY, LiveServer

from api import Settings, create_app

pytestmark = [pytest.mark.browser, pytest.mark.server, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--window-size=1500,1800")
WAIT = 30


@pytest.fixture(scope="module")
def driver() -> Iterator[object]:
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    chromium = shutil.which("chromium") or str(CHROMIUM)
    chromedriver = shutil.which("chromedriver") or str(CHROMEDRIVER)
    if not Path(chromium).exists() or not Path(chromedriver).exists():
        pytest.skip("Debian chromium and chromium-driver are needed (bash .ci/setup installs them)")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in FLAGS:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(service=Service(chromedriver), options=options)
    browser.set_page_load_timeout(WAIT)
    yield browser
    browser.quit()


def wait(driver, condition):
    """Wait for ``condition``; the page re-renders parts of itself, so stale handles retry."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    waiting = WebDriverWait(driver, WAIT, ignored_exceptions=(StaleElementReferenceException,))
    return waiting.until(condition)


def by_id(driver, element_id: str):
    from selenium.webdriver.common.by import By

    return driver.find_element(By.ID, element_id)


def css(driver, selector: str) -> list:
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, selector)


def severe_logs(driver) -> list[dict]:
    return [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def drawn(driver) -> int:
    return int(by_id(driver, "graph-status").get_attribute("data-nodes") or 0)


def test_analyst_searches_opens_an_entity_and_sees_the_graph(
    driver, corpus_server: LiveServer, tmp_path: Path
) -> None:
    driver.get(corpus_server.url + "/")
    wait(driver, lambda d: "工作区" in by_id(d, "service-status").text)

    by_id(driver, "search-input").send_keys("灵犀机器人")
    css(driver, "#search-form button")[0].click()
    results = wait(driver, lambda d: css(d, "#search-results button"))
    assert "灵犀机器人" in results[0].text
    results[0].click()

    wait(driver, lambda d: css(d, "#evidence-list li"))
    title = css(driver, "#entity h3")[0].text
    assert "灵犀机器人" in title and "机构" in title
    quotes = [li.text for li in css(driver, "#evidence-list li")]
    assert quotes and all(q.strip() for q in quotes)
    assert css(driver, "#evidence-list mark")  # the mention is highlighted in its sentence

    nodes = wait(driver, lambda d: drawn(d) >= 3 and drawn(d))
    assert css(driver, "#graph canvas")
    status = by_id(driver, "graph-status").text
    assert f"已绘制 {nodes} 个节点" in status
    driver.save_screenshot(str(tmp_path / "entity.png"))

    by_id(driver, "partners-button").click()
    partners = wait(driver, lambda d: [b.text for b in css(d, "#partner-results li button")])
    assert partners[0] and all("灵犀机器人" not in name for name in partners)

    # Open a neighbour from the relations list, then expand it: the graph grows.
    first_relation = css(driver, "#entity .relations button")[0]
    neighbour = first_relation.text
    first_relation.click()
    wait(driver, lambda d: neighbour in css(d, "#entity h3")[0].text)
    before = wait(driver, lambda d: drawn(d) >= 2 and drawn(d))
    driver.execute_script("arguments[0].scrollIntoView()", by_id(driver, "graph"))
    by_id(driver, "expand-button").click()
    assert wait(driver, lambda d: drawn(d) >= before and drawn(d))

    assert severe_logs(driver) == []


def test_analyst_views_chain_coverage_and_asks_for_an_expert_panel(
    driver, corpus_server: LiveServer, tmp_path: Path
) -> None:
    driver.get(corpus_server.url + "/")
    options = wait(driver, lambda d: css(d, "#chain-consortium option"))
    assert any("联合体" in o.text for o in options)
    css(driver, "#chain-form button")[0].click()
    cards = wait(driver, lambda d: css(d, "#chain-grid .segment"))
    assert len(cards) >= 10
    assert css(driver, "#chain-grid .segment.gap")  # gaps are shown as such
    assert "成员" in by_id(driver, "chain-status").text

    by_id(driver, "expert-topic").send_keys("具身智能与人形机器人")
    css(driver, "#expert-form button")[0].click()
    picks = wait(driver, lambda d: css(d, "#expert-results li"))
    assert len(picks) >= 3
    assert "推荐" in by_id(driver, "expert-status").text
    assert css(driver, "#expert-results blockquote")  # each pick comes with its evidence
    driver.save_screenshot(str(tmp_path / "panels.png"))
    assert severe_logs(driver) == []


def test_text_from_documents_is_shown_as_text_never_run(
    driver, workspace: Path, tmp_path: Path
) -> None:
    with LiveServer(create_app(workspace, Settings(api_keys=frozenset({KEY})))) as server:
        driver.get(server.url + "/")
        by_id(driver, "search-input").send_keys("张三")
        css(driver, "#search-form button")[0].click()
        wait(driver, lambda d: css(d, "#search-results button"))[0].click()
        quotes = wait(driver, lambda d: css(d, "#evidence-list li"))
        assert "<script>alert(1)</script>" in quotes[0].text
        scripts = "return document.querySelectorAll('#entity script').length"
        assert driver.execute_script(scripts) == 0
        # An alert would have interrupted the session; the page is still ours to read.
        assert drawn(driver) >= 2 or wait(driver, lambda d: drawn(d) >= 2)


def test_analyst_with_a_key_uploads_builds_and_curates(
    driver, workspace: Path, tmp_path: Path
) -> None:
    news = tmp_path / "合作新闻.txt"
    news.write_text("星辰机器人有限公司与清华大学签署合作协议，共建具身智能联合实验室。\n", "utf-8")
    with LiveServer(create_app(workspace, Settings(api_keys=frozenset({KEY})))) as server:
        driver.get(server.url + "/")
        by_id(driver, "upload-files").send_keys(str(news))
        css(driver, "#upload-form button[type=submit]")[0].click()
        assert "失败" in wait(driver, lambda d: by_id(d, "admin-status").text.startswith("上传失败")
                               and by_id(d, "admin-status").text)  # no key yet: refused

        by_id(driver, "api-key").send_keys(KEY)
        css(driver, "#upload-form button[type=submit]")[0].click()
        uploaded = wait(driver, lambda d: css(d, "#upload-results li"))
        assert "合作新闻.txt：已添加" in uploaded[0].text

        by_id(driver, "build-button").click()
        wait(driver, lambda d: "构建完成" in by_id(d, "admin-status").text
             or "失败" in by_id(d, "admin-status").text)
        assert "构建完成" in by_id(driver, "admin-status").text

        by_id(driver, "search-input").send_keys("星辰机器人")
        css(driver, "#search-form button")[0].click()
        wait(driver, lambda d: css(d, "#search-results button"))[0].click()
        buttons = wait(driver, lambda d: css(d, "#entity .curate button"))
        buttons[0].click()
        assert "已记录" in wait(driver, lambda d: css(d, "#entity .curate .muted")[-1].text)
        driver.save_screenshot(str(tmp_path / "admin.png"))
        unexpected = [e for e in severe_logs(driver) if "status of 401" not in e["message"]]
        assert unexpected == []
