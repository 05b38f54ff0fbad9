#!/usr/bin/env python3
"""Writes fuzz/dict/<target>.dict: tokens each parser gives meaning to (profile keys are read
from src/profile so the dictionary follows the code). Rerun after adding a key or a format."""
import re,pathlib
root=pathlib.Path('.')
def esc(w):
    out=''
    for b in w.encode('latin-1'):
        c=chr(b)
        if c=='\\': out+='\\\\'
        elif c=='"': out+='\\"'
        elif 0x20<=b<0x7f: out+=c
        else: out+='\\x%02X'%b
    return out
def write(name, words):
    seen=[]
    for w in words:
        if w not in seen: seen.append(w)
    (root/'fuzz/dict'/f'{name}.dict').write_text('# libFuzzer dictionary: tokens the parser gives meaning to.\n'+'\n'.join('"%s"'%esc(w) for w in seen)+'\n')
prof=open('src/profile/profile.cpp').read()+open('src/profile/profile_server_keys.cpp').read()
keys=re.findall(r'\{"([a-z_]+)", \[\]',prof)
write('profile', [k+': ' for k in keys]+['server:\n  ','persistent','new','sync','async','vga','hd','multipart','json','raw','ms','s','us','%','poisson','fixed','normal','uniform','true','false','~','null','- ','{',']','[','}',': ','"',"'",'&a','*a','!!str','\n  '])
write('link_spec', ['delay=','rtt=','jitter=','jitter-dist=','uniform','normal','up=','down=','rate=','burst=','handshake=','on','off','stall=','reset=','blackhole=','seed=','ms','s','us','ns','mbit','kbit','gbit','bit','MB/s','kB/s','GB/s','B/s','mbps','kbps','%',',','links:\n  ',': "','"\n','e308','inf','nan','-'])
write('budget', ['p50','p90','p95','p99','p99.9','mean','median','max','min','sd','errors','throughput','=+','=-','<','<=','>','>=','%','ms','s','us','/s',',','max:\n  ','limits:\n  - ',': +','e308','inf','nan'])
write('server_timing', [';dur=',';desc="','"',',','\\"',';desc=','dur','total','recv','infer','e-5','e308','inf','nan','-0',' ','\t'])
write('upload_body', ['image/jpeg\n','multipart/form-data; boundary=','application/json\n','--','\r\n','\r\n\r\n','Content-Disposition: form-data; name="file"; filename="a.jpg"','filename=','{"image": "','"}','=','==','+','/','\xff\xd8','\xff\xd9'])
write('server_request', ['POST ','GET ','PUT ','HEAD ',' HTTP/1.1\r\n',' HTTP/1.0\r\n','\r\n','\r\n\r\n','/api/devices/file/image','/api/devices/cam1/commands','/healthz','/stats','?x=1',
  'Content-Length: ','Transfer-Encoding: chunked\r\n','Content-Type: image/jpeg\r\n','Content-Type: application/json\r\n','Content-Type: multipart/form-data; boundary=XyZ\r\n','X-Device-Id: cam1\r\n','Connection: close\r\n','Connection: keep-alive\r\n','Expect: 100-continue\r\n','Host: 127.0.0.1\r\n',
  '0\r\n\r\n','{"image": "','[','{"cmd":1}','\xff\xd8\xff\xe0','\xff\xc0\x00\x11\x08','\xff\xda','\xff\xd9','\xff\xc4','\xff\xdb'])
write('samples', ['"seq": ','"device": ','"conn": "new"','"conn": "reused"','"warmup": true','"warmup": false','"intended_start_ms": ','"start_ms": ','"dns_ms": ','"connect_ms": ','"upload_ms": ','"ttfb_ms": ','"total_ms": ','"bytes_up": ','"bytes_down": ','"status": ','"error": null','"error": "timeout"','"error": "refused"','"server": {','"network_overhead_ms": ','"latency_from_intended_ms": ','"schema"','{','}','[',']',',','null','true','1e308','-1','\n'])
write('summary', ['"tool":"latbench"','"schema":1','"series":[','"name":','"unit":"ms"','"count":','"min":','"max":','"mean":','"median":','"mode":[','"sd":','"sd_population":','"percentiles":{','"p50":','"p90":','"p95":','"p99":','"p99.9":','"trimmed":{','"low":','"high":','"histogram":{','"edges":[','"counts":[','"skipped":{','"lines":','"reasons":{','"total"','"ttfb"','null','1e308','-1','{','}','[',']',','])
write('yaml_format', ['name: ','block:\n  ','start: ','end: ','line:\n  - ','fields:\n  ','request_id: ','stage: ','timestamp: ','format: ','ms','s','us','ns','(?P<','>','[0-9.]+)','\\d+','^','$','.*','%Y-%m-%d %H:%M:%S.%f','%b','%z','%f','epoch_s','epoch_ms','@@@ log\n',"'",'"'])
write('log_read', ['Speed: ','ms preprocess, ','ms inference, ','ms postprocess','INFO:     ','"POST /upload HTTP/1.1" 200','" 200 OK','rt=','uct="','uht="','urt="','[22/Nov/2026:07:10:01 +0000]','$request_time','$upstream_response_time','%D','%T','%{ms}T','{"total_ms": ','"request_id":','"stage":','"ms":','> ','[HTTP] ','Capturing image... ',',',';','\t','\n','"','1e308','-0','nan','inf'])
