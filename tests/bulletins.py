"""Small bulletins written for the tests (not the seeds): realistic shape, known figures."""

HANGZHOU = """杭州人大信息
2023年6月20日

余杭区:代表联络站助力基层治理
2022年以来,余杭区人大常委会依托代表联络站收集群众意见建议320件,已解决288件,解决率为90%。全区120余名代表参与接待活动,累计接待群众1500余人次。

临平区:审计整改监督见实效
列入专项监督的56个问题中,有50个问题已整改到位,收回资金合计1260万元。联系电话:0571-86001234。
"""

# Traditional script with the pinyin-after-character artefact of some scraped pages.
TRADITIONAL = "海曙區(qū):調(diào)解工作\n2021年以來,寧波市海曙區代表參與調(diào)處矛盾糾紛45件,化解率達(dá)到96%。\n"

GOLD = [
    {
        "doc": "hz.txt",
        "quote": "320件",
        "context": "收集群众意见建议320件",
        "kind": "count",
        "value": 320,
        "unit": "件",
        "qualifier": "exact",
        "province": "浙江省",
        "city": "杭州市",
        "county": "余杭区",
        "town": None,
        "year": 2022,
        "core": True,
        "name": "收集意见建议数",
        "subject": "意见建议",
    },
    {
        "doc": "hz.txt",
        "quote": "288件",
        "context": "已解决288件",
        "kind": "count",
        "value": 288,
        "unit": "件",
        "qualifier": "exact",
        "province": "浙江省",
        "city": "杭州市",
        "county": "余杭区",
        "town": None,
        "year": 2022,
        "core": True,
        "name": "解决数",
        "subject": "意见建议",
    },
    {
        "doc": "hz.txt",
        "quote": "90%",
        "context": "解决率为90%",
        "kind": "rate",
        "value": 90,
        "unit": "%",
        "qualifier": "exact",
        "province": "浙江省",
        "city": "杭州市",
        "county": "余杭区",
        "town": None,
        "year": 2022,
        "core": True,
        "name": "解决率",
        "subject": "意见建议",
    },
    {
        "doc": "hz.txt",
        "quote": "1260万元",
        "context": "合计1260万元",
        "kind": "amount",
        "value": 12600000,
        "unit": "元",
        "qualifier": "exact",
        "province": "浙江省",
        "city": "杭州市",
        "county": "临平区",
        "town": None,
        "year": None,
        "core": True,
        "name": "收回资金",
        "subject": "资金",
    },
    # a line whose context is not in the file: it must count as a miss, never crash the scorer
    {
        "doc": "hz.txt",
        "quote": "77件",
        "context": "这句话不在文件里77件",
        "kind": "count",
        "value": 77,
        "unit": "件",
        "qualifier": "exact",
        "province": None,
        "city": None,
        "county": None,
        "town": None,
        "year": None,
        "core": True,
        "name": "x",
        "subject": "x",
    },
]
