"""Reads a HotSpot -XX:+LogCompilation file; prints, per C2 compile of org.meanfield.engine code,
the Vector API methods whose inlining C2 delayed (late_inline) other than the intrinsics
themselves. A delayed force-inline means the compile reached C2's DesiredMethodLimit, and those
that incremental inlining then gives up on stay calls that box their vectors: in every JVM that
boxed in the probes of jmh/results/*boxing-probe.txt, expInPlace showed such late inlines; in no
JVM that did not. (FloatVector::intoArray and ImplCache::find are late-inlined in every JVM and
left out, as is Invokers$Holder::linkToTargetMethod, an exception path of gradTileWide's
loads delayed in every JVM, which passes no vector.) Usage: python3 late_inlines.py LOG.xml"""
import re
import sys

COMMON = ('VectorSupport::', 'FloatVector::intoArray', 'ImplCache::find', 'Invokers$Holder::linkToTargetMethod')


def late_inlines(path):
    data = open(path, errors='replace').read()
    for task in re.finditer(r"<task (.*?)</task>", data, re.S):
        text = task.group(0)
        head = text[:text.index('>')]
        if 'org.meanfield.engine' not in head or "level='" in head:  # C2 compiles carry no level
            continue
        name = re.search(r"method='[^' ]* ([^' ]*)", head).group(1) + (' (osr)' if 'osr' in head else '')
        klass = dict(re.findall(r"<klass id='(\d+)' name='([^']*)'", text))
        method = {i: klass.get(h, '?').split('.')[-1] + '::' + n
                  for i, h, n in re.findall(r"<method id='(\d+)' holder='(\d+)' name='([^']*)'", text)}
        late = {method.get(i, '?') for i in re.findall(r"<late_inline method='(\d+)'", text)}
        late = sorted(m for m in late if not m.startswith(COMMON))
        if late:
            yield name, late


if __name__ == '__main__':
    for name, late in late_inlines(sys.argv[1]):
        print(name + ': ' + ', '.join(late))
