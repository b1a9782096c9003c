// SPDX-License-Identifier: MIT
// PLACEHOLDER: replaced by the real tests of this unit before it is committed.
#include "guitestutil.h"

class Test_document : public QObject {
    Q_OBJECT
};

QTEST_MAIN(Test_document)
#include "tst_document.moc"
